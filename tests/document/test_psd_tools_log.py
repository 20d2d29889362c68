"""psd-tools' own log lines never reach the user's stderr; what matters of them is said by
assetkit: a channel psd-tools could not decode (and would paint black) is an error."""
from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from PIL import Image
from psd_tools import PSDImage
from psd_tools.constants import Compression

from assetkit.document import open_document
from assetkit.errors import UnreadableDocument
from tests.conftest import REPO, real_psd


def unknown_block_psd(path: Path) -> Path:
    """A real Photoshop file whose Unicode-name block carries a key psd-tools does not know
    (as a newer Photoshop writes): psd-tools logs "Unknown key" and reads on."""
    data = real_psd("linked/1layer.psd").read_bytes()
    assert data.count(b"8BIMluni") == 1
    path.write_bytes(data.replace(b"8BIMluni", b"8BIMzzzz"))
    return path


def undecodable_channel_psd(path: Path) -> Path:
    """A ZIP-compressed layer whose red channel's deflate stream is damaged: psd-tools logs a
    warning and paints the channel black."""
    psd = PSDImage.new("RGB", (64, 48), color=(255, 255, 255))
    noise = Image.effect_noise((40, 30), 64).convert("RGB")
    psd.create_pixel_layer(noise, name="@product", left=8, top=8, compression=Compression.ZIP)
    channel = psd._record.layer_and_mask_information.layer_info.channel_image_data[0][1]
    channel.data = channel.data[:10] + bytes(len(channel.data) - 10)
    with warnings.catch_warnings():  # saving decodes the damaged channel once
        warnings.simplefilter("ignore")
        psd.save(path)
    return path


def stderr_of_reading(path: Path) -> str:
    """What a fresh process (no logging set up, as the CLI runs) prints on stderr while it
    opens `path` and reads every layer's pixels."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from assetkit.document import open_document\n"
        "from assetkit.errors import UnreadableDocument\n"
        "doc = open_document(Path(sys.argv[1]))\n"
        "for layer in doc.scene.layers:\n"
        "    try:\n"
        "        doc.layer_pixels(layer.id)\n"
        "    except UnreadableDocument as exc:\n"
        "        print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, env=None,
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stderr


def test_an_unknown_block_reads_without_a_word_on_stderr(tmp_path):
    path = unknown_block_psd(tmp_path / "newer.psd")
    assert [layer.name for layer in open_document(path).scene.layers] != []
    assert stderr_of_reading(path) == ""


def test_an_undecodable_channel_is_an_error_not_black_pixels(tmp_path):
    path = undecodable_channel_psd(tmp_path / "zip.psd")
    doc = open_document(path)
    (layer,) = doc.scene.layers
    with pytest.raises(UnreadableDocument) as err:
        doc.layer_pixels(layer.id)
    assert str(err.value) == (f"{path}: cannot read pixels of layer '@product': ZIP decode "
                              "failed (error: Error -3 while decompressing data: incorrect data "
                              "check)")
    assert stderr_of_reading(path) == ""
