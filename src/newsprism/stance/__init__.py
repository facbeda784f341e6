"""newsprism.stance (in progress)."""
