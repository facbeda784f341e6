"""newsprism.trends (in progress)."""
