"""Scene x Slot -> Layout: where every role unit goes in a slot, zones respected."""
from __future__ import annotations

from .engine import Layout, Placement, UnitInfo, plan_layout
from .templates import Region, Template, aspect_class, load_templates

__all__ = ["Layout", "Placement", "Region", "Template", "UnitInfo", "aspect_class",
           "load_templates", "plan_layout"]
