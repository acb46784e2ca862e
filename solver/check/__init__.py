"""Checking student answers against the engine's step trees."""
