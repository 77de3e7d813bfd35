"""The conversation loop: understand, validate, execute, respond."""
