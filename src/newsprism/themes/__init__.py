"""newsprism.themes (in progress)."""
