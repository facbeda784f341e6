"""newsprism.topics (in progress)."""
