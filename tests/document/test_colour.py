"""The document reader's colour step: an embedded standard sRGB profile is read as it is (the
conversion is the identity), anything else goes through its profile."""
from __future__ import annotations

import numpy as np
import pytest
from psd_tools import PSDImage
from psd_tools.constants import Resource

from assetkit.document import open_document
from assetkit.document.icc import is_srgb
from tests.conftest import real_psd


def _profile(name: str) -> bytes:
    return PSDImage.open(real_psd(name)).image_resources.get_data(Resource.ICC_PROFILE)


def test_standard_srgb_is_recognised_and_the_linear_32_bit_profile_is_not():
    assert is_srgb(_profile("agpsd-smart-object-jpeg.psd"))
    assert not is_srgb(_profile("psdtools-pen-text-32bit.psd"))  # "... (Linear RGB Profile)"
    assert not is_srgb(b"not a profile")


@pytest.mark.parametrize("name", ["agpsd-smart-object-jpeg.psd", "psdtools-pen-text-32bit.psd"])
def test_flatten_equals_psd_tools_icc_conversion(name):
    """Skipping the sRGB -> sRGB transform changes no pixel; the linear profile still converts."""
    path = real_psd(name)
    ours = np.asarray(open_document(path).flatten().convert("RGB"), dtype=int)
    converted = np.asarray(PSDImage.open(path).topil(apply_icc=True).convert("RGB"), dtype=int)
    assert np.abs(ours - converted).max() <= 1
