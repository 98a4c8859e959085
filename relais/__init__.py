"""Relais: the relay between a bullied pupil, their family, the school and the services."""
