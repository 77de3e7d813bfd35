"""The hub's network face: aiohttp API with token auth, and its zeroconf advertisement."""
