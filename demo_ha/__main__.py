"""`python -m demo_ha`: set up and run the real-HA demo (see demo_ha/stack.py); scripts/ha_demo calls this."""

import sys

from demo_ha.stack import main

sys.exit(main())
