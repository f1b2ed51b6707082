"""Quiz."""
