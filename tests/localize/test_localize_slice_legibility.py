"""End to end: 12 px point text on a 1920 px wide page, localized into every detail slot of the
catalogue 780-860 px wide, is too small on each slot's slice and on a phone (issue 18)."""
from __future__ import annotations

from assetkit.commands.localize import LocalizeOptions, localize
from assetkit.config import load_catalog
from tests.localize.test_localize_modes import Hangul
from tests.typefactory import make_text_psd


def test_12px_text_on_a_1920px_page_is_too_small_on_every_detail_slice(tmp_path):
    slots = [f"{p.id}/{s.id}" for p in load_catalog() for s in p.slots
             if s.detail is not None and 780 <= s.detail.width <= 860]
    assert len(slots) >= 3
    source = make_text_psd(tmp_path / "wide.psd", size=12, canvas=(1920, 2400),
                           text="Free shipping on every order today")
    result = localize([source], to="ko", translator=Hangul(), only=slots, out=tmp_path / "out",
                      options=LocalizeOptions(source_root=tmp_path))
    assert not result.failures
    (done,) = result.sources
    assert [t.layer.name for t in done.texts]  # the text was set again, in Korean
    for code in ("legibility.text-too-small", "legibility.mobile"):
        flagged = {f"{f.platform}/{f.slot}" for f in result.findings if f.code == code}
        assert flagged == set(slots), (code, sorted(set(slots) - flagged))
