"""Rendering: execute the notebooks and write ``reports/`` (see :mod:`newsprism.report.run`)."""
