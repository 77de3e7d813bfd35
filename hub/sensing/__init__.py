"""Sensing: streams, windows and detectors (the fall model on LiteRT), sleep sessions."""
