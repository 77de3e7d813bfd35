"""Household memory: members, facts with validity times, a timeline, hybrid retrieval and forgetting, on SQLite."""
