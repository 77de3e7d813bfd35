"""Understanding tiers behind one Protocol, and the router between them."""
