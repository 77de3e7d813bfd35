"""`python -m hub`: the hub's command line."""

from hub.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
