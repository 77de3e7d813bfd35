"""Hearth skills: proactive and responsive apps on top of the hub (fall response, sleep report)."""
