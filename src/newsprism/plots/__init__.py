"""newsprism.plots (in progress)."""
