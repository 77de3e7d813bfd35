"""The real-HA demo home (scripts/ha_demo) and the stack the browser test (tests/browser) drives."""
