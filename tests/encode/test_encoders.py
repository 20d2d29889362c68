"""Each encoder round-trips, writes the same bytes twice, strips EXIF/XMP/comments, and tags
sRGB exactly when the slot asks for it."""
from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image, ImageCms

from assetkit.encode import ENCODERS, EncodeSettings, settings_for
from assetkit.encode.profile import srgb_icc
from assetkit.model import Slot

FORMATS = [f for f, enc in ENCODERS.items() if enc.available()]
QUALITY = {"jpeg": 90, "webp": 90, "avif": 80, "png": None, "gif": None}
TOLERANCE = {"jpeg": 6, "webp": 6, "avif": 8, "png": 0, "gif": 12}  # mean abs error, levels


def picture(size=(96, 64)) -> Image.Image:
    w, h = size
    x = np.linspace(0, 255, w)[None, :]
    y = np.linspace(0, 255, h)[:, None]
    rgb = np.dstack([x + 0 * y, y + 0 * x, (x + y) / 2]).astype(np.uint8)
    return Image.fromarray(rgb, "RGB")


def with_camera_metadata(image: Image.Image) -> Image.Image:
    """A copy carrying EXIF (camera model, GPS), XMP, a comment and a foreign ICC profile."""
    exif = Image.Exif()
    exif[0x0110] = "Camera X100"  # Model
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 0.0)}  # GPS IFD
    tagged = image.copy()
    tagged.info.update(exif=exif.tobytes(), xmp=b"<x:xmpmeta>gps</x:xmpmeta>",
                       comment=b"shot on X100", icc_profile=b"not-a-real-profile")
    return tagged


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trips_close_to_the_input(fmt):
    image = picture()
    back = decode(ENCODERS[fmt].encode(image, QUALITY[fmt], None))
    assert back.size == image.size
    error = np.abs(np.asarray(back.convert("RGB"), np.float32) - np.asarray(image, np.float32))
    assert error.mean() <= TOLERANCE[fmt], f"{fmt}: mean abs error {error.mean():.2f}"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("srgb", [False, True])
def test_same_input_same_bytes(fmt, srgb):
    settings = EncodeSettings(srgb=srgb)
    first = ENCODERS[fmt].encode(picture(), QUALITY[fmt], None, settings)
    assert ENCODERS[fmt].encode(picture(), QUALITY[fmt], None, settings) == first


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("srgb", [False, True])
def test_metadata_is_stripped_and_srgb_tagged_per_rule(fmt, srgb):
    data = ENCODERS[fmt].encode(with_camera_metadata(picture()), QUALITY[fmt], None,
                                EncodeSettings(srgb=srgb))
    back = decode(data)
    assert not back.getexif(), f"{fmt} kept EXIF"
    assert "exif" not in back.info and "xmp" not in back.info and "comment" not in back.info
    for marker in (b"Camera X100", b"xmpmeta", b"shot on X100", b"not-a-real-profile"):
        assert marker not in data
    if fmt == "gif":  # GIF has no ICC: the tag cannot be embedded
        return
    assert back.info.get("icc_profile", b"") == (srgb_icc() if srgb else b"")


def test_srgb_profile_is_lcms_srgb_with_fixed_bytes():
    profile = ImageCms.ImageCmsProfile(io.BytesIO(srgb_icc()))
    assert "sRGB" in ImageCms.getProfileDescription(profile)
    assert len(srgb_icc()) < 1024
    other = subprocess.run(  # another process, another clock: the same bytes
        [sys.executable, "-c", "import sys; from assetkit.encode.profile import srgb_icc; "
         "sys.stdout.buffer.write(srgb_icc())"], capture_output=True, check=True).stdout
    assert other == srgb_icc()


def slot(**kw) -> Slot:
    base = dict(id="s", labels={}, kind="main", max_kb=100, formats=("jpeg",), sources=(),
                verified_on=None, confidence="official")
    return Slot(**{**base, **kw})


def test_settings_follow_the_slot_rules():
    assert settings_for(slot(colour_space="srgb")).srgb
    assert not settings_for(slot(colour_space="any")).srgb
    assert not settings_for(slot(background="white")).dither
    assert settings_for(slot(background="any")).dither


@pytest.mark.parametrize("fmt", ["png", "gif"])
def test_palette_keeps_white_borders_pure_without_dithering(fmt):
    image = Image.new("RGB", (120, 90), (255, 255, 255))
    image.paste(picture((80, 50)), (20, 20))
    back = decode(ENCODERS[fmt].encode(image, 32, None, EncodeSettings(dither=False)))
    border = np.asarray(back.convert("RGB"))[:10]
    assert (border == 255).all()


def test_jpeg_chroma_subsampling_is_what_was_asked():
    from PIL import JpegImagePlugin

    for sub, code in (("4:4:4", 0), ("4:2:0", 2)):
        back = Image.open(io.BytesIO(ENCODERS["jpeg"].encode(picture(), 90, sub)))
        assert JpegImagePlugin.get_sampling(back) == code
        assert back.info.get("progressive") or back.info.get("progression")
