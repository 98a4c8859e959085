"""Jurisdiction packs: the facts that differ between France and Wallonia-Brussels, as data."""
