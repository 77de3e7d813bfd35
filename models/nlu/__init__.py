"""Hearth's local command model: data recipe, training and export (training environment only, not the hub)."""
