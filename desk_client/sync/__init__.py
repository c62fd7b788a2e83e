"""Talking to the central database beyond single transactions: wake-ups and health."""
