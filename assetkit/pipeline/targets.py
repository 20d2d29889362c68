"""Which platform/slot pairs a build serves: campaign targets narrowed by --only."""
from __future__ import annotations

from collections.abc import Sequence

from ..errors import UsageError
from ..model import Catalog, Target


def _expand(catalog: Catalog, selector: str, what: str) -> list[Target]:
    try:
        platform_id, slot_id = Target.split(selector)
    except ValueError as exc:
        raise UsageError(f"{what} '{selector}': {exc}") from None
    spec = catalog.get(platform_id)
    if spec is None:
        known = ", ".join(catalog.platforms)
        raise UsageError(f"{what} '{selector}': unknown platform '{platform_id}' (known: {known})")
    if not slot_id:
        return [Target(spec, slot) for slot in spec.slots]
    slot = spec.slot(slot_id)
    if slot is None:
        known = ", ".join(s.id for s in spec.slots)
        raise UsageError(f"{what} '{selector}': platform '{platform_id}' has no slot "
                         f"'{slot_id}' (slots: {known})")
    return [Target(spec, slot)]


def select_targets(catalog: Catalog, targets: Sequence[str] = (),
                   only: Sequence[str] = (), *, strict: bool = True) -> tuple[Target, ...]:
    """Campaign targets (default: every slot of every platform), narrowed to `only` (with
    `strict`, an `only` that leaves nothing is a usage error)."""
    chosen: dict[str, Target] = {}
    for sel in targets or list(catalog.platforms):
        for t in _expand(catalog, sel, "target"):
            chosen.setdefault(t.key, t)
    if only:
        wanted = {t.key for sel in only for t in _expand(catalog, sel, "--only")}
        chosen = {k: t for k, t in chosen.items() if k in wanted}
        if not chosen and strict:
            raise UsageError(f"--only {' '.join(only)}: none of the campaign's targets match")
    return tuple(chosen.values())
