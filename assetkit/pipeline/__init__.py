"""build(): the only place the stages are chained — sources -> document -> ... -> report.

The full chain is sources -> document -> understand -> render -> encode -> write -> manifest ->
report. plan.py resolves sources and targets, variant.py chains the stages for one variant
(stages.py, write.py), run.py runs variants in the worker pool (pool.py), builder.py finishes the
whole build; results.py holds the types they hand back.
Names are imported on first use, so `pipeline.manifest` can be read without the whole chain.
"""
from __future__ import annotations

from importlib import import_module

_LAZY = {"BuildOptions": "builder", "BuildPlan": "plan", "build": "builder", "plan_build": "plan",
         "build_source": "run", "run_variant": "run",
         "BuildResult": "results", "Failure": "results",
         "SourceResult": "results", "SourceJob": "variant", "inputs_key": "variant"}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
