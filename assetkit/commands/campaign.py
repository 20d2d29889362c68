"""The campaign a command runs with: given loaded, or as the path of its file (`-c`)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageError
from ..model import BrandRules, Campaign


def require_files(paths: Iterable[str | Path]) -> None:
    """A usage error (exit 2) naming the paths given that do not exist."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")


def find_config() -> Path | None:
    """The campaign file `-c` means when not given: assetkit.yaml here or in the nearest
    parent folder that has one."""
    from ..config import find_campaign

    return find_campaign()


def open_campaign(campaign: Campaign | Path | str | None
                  ) -> tuple[Campaign | None, tuple[str, ...]]:
    """(campaign, warnings about its file): a Campaign as it is, a campaign file loaded."""
    if campaign is None or isinstance(campaign, Campaign):
        return campaign, ()
    from ..config import load_campaign

    warnings: list[str] = []
    return load_campaign(Path(campaign), warnings), tuple(warnings)


def campaign_brand(campaign: Campaign | None, brand: Path | None
                   ) -> tuple[BrandRules | None, tuple[str, ...]]:
    """The brand rules `brand` names, else the campaign's; (None, ()) without either."""
    path = brand or (campaign.brand if campaign else None)
    if path is None:
        return None, ()
    from ..config import load_brand

    warnings: list[str] = []
    return load_brand(path, warnings), tuple(warnings)
