"""What every benchmark records about the machine it ran on (imported by the bench_*.py scripts)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def conditions(note: str, **extra) -> dict:
    """CPUs, CPU model, load average at start, Python and library versions, plus ``extra``.

    Example:
        >>> sorted(conditions("quiet machine"))[:3]
        ['cpu', 'cpus_available', 'load_average_at_start']
    """
    import numpy
    import sklearn

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpus_available": cpus, "cpu": cpu,
            "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
            "python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": numpy.__version__, **extra, "note": note}
