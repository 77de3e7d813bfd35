"""Tests of the Hearth Home Assistant integration (run in the HA test root)."""
