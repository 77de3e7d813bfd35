"""HA intent tools: schemas, risk tiers, and where they execute."""
