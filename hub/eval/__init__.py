"""Offline evaluation commands: score the hub's understanding on anyone's cases, through the live code path."""
