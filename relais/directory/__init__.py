"""The relays: local services a school or family can turn to (seed 002)."""
