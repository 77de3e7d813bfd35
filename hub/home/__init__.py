"""The home model and its sources (the HA link, the virtual home)."""
