"""Schools from the official open-data directories of France and Wallonia-Brussels."""
