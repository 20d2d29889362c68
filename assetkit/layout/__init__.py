"""Understood x Slot -> Layout: where every design unit goes in a slot, zones respected."""
from __future__ import annotations

from .account import crop_faults
from .engine import kept_clear, plan_layout, text_minimum
from .templates import Region, Template, aspect_class, load_templates
from .types import LayerRecord, LayerRef, Layout, LayoutSource, Placement, UnitInfo

__all__ = ["LayerRecord", "LayerRef", "Layout", "LayoutSource", "Placement", "Region", "Template", "UnitInfo",
           "aspect_class", "crop_faults", "kept_clear", "load_templates", "plan_layout",
           "text_minimum"]
