"""Percentiles of measured times, interpolated between ranks (as the steering indicators compute
theirs), so that every benchmark reports them the same way."""

from __future__ import annotations

import statistics


def percentile(values: list[float], q: int) -> float:
    """The ``q``-th percentile (1-99) of at least two values."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]
