"""Hearth hub: the household agent service that pairs with Home Assistant."""

__version__ = "0.1.0"
