"""build(): the only place the stages are chained — sources -> document -> ... -> report.

The full chain is sources -> document -> render -> encode -> write -> manifest -> report.
variant.py chains the stages for one variant, dispatch.py runs variants in the worker pool,
builder.py plans and finishes the whole build; results.py holds the types they hand back.
"""
from __future__ import annotations

from .builder import BuildPlan, build, plan_build
from .dispatch import LOG_DIR, build_source, run_variant, write_crash_log
from .results import BuildResult, Failure, SourceResult
from .variant import SourceJob, inputs_key

__all__ = ["LOG_DIR", "BuildPlan", "BuildResult", "Failure", "SourceJob", "SourceResult",
           "build", "build_source", "inputs_key", "plan_build", "run_variant", "write_crash_log"]
