"""Custom integrations shipped by the Hearth project (the package marker lets tests import them)."""
