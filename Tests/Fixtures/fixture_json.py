"""JSON-safe values for the fixture generators (shared by the generate_*.py scripts).

`clean` turns NaN into None and numpy scalars into Python numbers (booleans become 1.0 / 0.0,
as the analysis and risk fixtures have always written them); `clean_plain` keeps Python
booleans, strings and None as they are (the regimes and ensembles fixtures).
"""
import math

import numpy as np


def clean(value):
    """JSON-safe value: NaN -> None, numpy scalars -> Python floats."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    value = float(value)
    return None if math.isnan(value) else value


def clean_plain(x):
    """JSON-safe value: NaN -> None, numpy arrays and scalars -> Python lists and numbers."""
    if isinstance(x, np.ndarray):
        return clean_plain(x.tolist())
    if isinstance(x, (list, tuple)):
        return [clean_plain(v) for v in x]
    if isinstance(x, dict):
        return {k: clean_plain(v) for k, v in x.items()}
    if isinstance(x, (np.floating, float)):
        v = float(x)
        return None if math.isnan(v) else v
    if isinstance(x, (np.integer,)):
        return int(x)
    return x
