"""How `assetkit inspect` prints what it understood: the layer tree as lines or one JSON
document."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..document.effects import DRAWN
from ..scene import Layer, Scene, Understood, Unit

if TYPE_CHECKING:
    from ..commands.inspect import Inspection


def _box(layer: Layer) -> list[float] | None:
    return None if layer.bbox is None else [round(v, 1) for v in layer.bbox.as_tuple()]


def layer_dict(layer: Layer, understood: Understood) -> dict:
    choice = understood.roles.get(layer.id)
    out = {"id": layer.id, "path": layer.path_str, "kind": layer.kind, "visible": layer.visible,
           "role": layer.role, "role_source": layer.role_source,
           "role_why": choice.why if choice else None,
           "role_confidence": choice.confidence if choice else None, "bbox": _box(layer),
           "opacity": round(layer.opacity, 3), "blend_mode": layer.blend_mode,
           "clipping": layer.clipping, "mask": layer.has_mask,
           "vector_mask": layer.has_vector_mask, "effects": list(layer.effects),
           "effects_by_psd_tools": [e for e in layer.effects if e not in DRAWN]}
    if layer.text is not None:
        t = layer.text
        out["text"] = {
            "text": t.text, "kind": t.kind, "justification": t.justification,
            "box": None if t.box is None else [round(v, 1) for v in t.box.as_tuple()],
            "runs": [{"text": r.text, "font": r.font, "size_px": r.size_px,
                      "size_inherited": r.size_inherited, "colour": "#{:02X}{:02X}{:02X}".format(*r.colour[:3]),
                      "faux_bold": r.faux_bold, "faux_italic": r.faux_italic} for r in t.runs]}
    return out


def inspection_dict(result: Inspection) -> dict:
    s = result.scene
    units = [{"id": u.id, "role": u.role, "rule": u.rule, "confidence": u.confidence,
              "why": _why(u, result.understood),
              "text_px": None if u.text_px is None else round(u.text_px, 1),
              "layers": [s.by_id(i).path_str for i in u.layers]}
             for u in result.understood.units]
    return {"source": s.source, "width": s.width, "height": s.height,
            "resolution": s.resolution, "colour_mode": s.colour_mode, "depth": s.depth,
            "artboards": [{"name": a.name, "box": list(a.box.as_tuple())} for a in s.artboards],
            "layers": [layer_dict(la, result.understood) for la in s.layers],
            "units": units,
            "findings": [f.to_dict() for f in result.findings]}


def _why(unit: Unit, understood: Understood) -> str:
    choice = understood.roles.get(unit.layers[0]) if unit.layers else None
    return choice.why if choice else ""


def unit_lines(understood: Understood) -> list[str]:
    """One line per design unit: id, role, the rule that made it, confidence, layers, why."""
    s = understood.scene
    lines = ["units:"] if understood.units else []
    for u in understood.units:
        names = ", ".join(repr(s.by_id(i).path_str) for i in u.layers)
        lines.append(f"  {u.id:<12} {u.role:<9} {u.rule} ({u.confidence:.2f}): {names}"
                     f" - {_why(u, understood)}")
    return lines


def _depth(layer: Layer) -> int:
    return len(layer.path) - 1


def _top_down(scene: Scene, parent: int | None):
    for layer in sorted(scene.children(parent), key=lambda la: la.index, reverse=True):
        yield layer
        if layer.kind in ("group", "artboard"):
            yield from _top_down(scene, layer.id)


def _effect(name: str) -> str:
    return name if name in DRAWN else f"{name}~"


def inspection_lines(result: Inspection) -> list[str]:
    s = result.scene
    lines = [f"{s.source}: {s.width}x{s.height} px, {s.resolution:g} ppi, {s.colour_mode} "
             f"{s.depth}-bit, {len(s.layers)} layers"]
    for layer in _top_down(s, None):  # top of the stack first, as Photoshop lists them
        box = _box(layer)
        flags = [] if layer.visible else ["hidden"]
        flags += [f"@{layer.role} ({layer.role_source})"] if layer.role else []
        flags += [f"fx: {', '.join(_effect(e) for e in layer.effects)}"] if layer.effects else []
        flags += ["mask"] if layer.has_mask else []
        flags += [f"{layer.blend_mode}"] if layer.blend_mode not in ("normal", "pass_through") else []
        where = "empty" if box is None else f"[{box[0]:g},{box[1]:g} {box[2] - box[0]:g}x{box[3] - box[1]:g}]"
        lines.append(f"{'  ' * _depth(layer)}{layer.kind:<11} {layer.name!r} {where} "
                     f"{' '.join(flags)}".rstrip())
        if layer.text is not None:
            fonts = ", ".join(f"{r.font} {r.size_px:g}px{'*' if r.size_inherited else ''}"
                              for r in layer.text.runs)
            lines.append(f"{'  ' * _depth(layer)}  text: {layer.text.text[:60]!r} "
                         f"({layer.text.kind}, {layer.text.justification}; {fonts})")
    if any(e not in DRAWN for la in s.layers for e in la.effects):
        lines.append("fx~: rendered once by psd-tools, not drawn by assetkit "
                      "(render.effect-approximated)")
    lines += unit_lines(result.understood)
    lines += [f"{f.severity} {f.code}: {f.message}" for f in result.findings
              if f.code != "roles.heuristic"]  # the units say it
    return lines
