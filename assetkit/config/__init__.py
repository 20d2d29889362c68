"""YAML -> frozen types: platform specs, brand rules and the campaign file (raw dicts stay here)."""
from __future__ import annotations

from .brand import load_brand
from .campaign import find_campaign, load_campaign
from .specs import bundled_specs_dir, load_catalog, load_spec, validate_spec
from .yamlnodes import Problem

__all__ = [
    "Problem", "bundled_specs_dir", "find_campaign", "load_brand", "load_campaign",
    "load_catalog", "load_spec", "validate_spec",
]
