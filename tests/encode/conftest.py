"""Hypothesis profile for the encode tests: few, derandomized examples, no deadline (CI)."""
from __future__ import annotations

from hypothesis import HealthCheck, settings

# Registered here, applied explicitly with @settings(CI): loading it globally would change
# the other test folders' hypothesis defaults.
settings.register_profile("assetkit-encode-ci", max_examples=40, deadline=None,
                          derandomize=True, suppress_health_check=[HealthCheck.too_slow])
