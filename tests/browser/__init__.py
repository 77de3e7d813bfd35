"""Browser tests: the real demo stack in Chromium (see test_assist.py)."""
