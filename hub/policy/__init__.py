"""Safety and privacy enforced by the hub, outside any model: people and permissions, risk tiers and
confirmations, PINs, untrusted content, the privacy filter for remote calls, rate limits and the audit log."""
