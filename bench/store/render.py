"""The injected render (`BuildOptions(render=...)`): one tiny file and one `Output` per target,
with the record fields a real recompose build writes (encode facts, a layout, the face that
set the text), and the findings real sources carry on a share of the sources. It never decodes
the source: its sha256 comes from the store (`job.digest`) or from what the bench wrote."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from assetkit.fsutil import file_sha256
from assetkit.model import Finding, Output, Target
from assetkit.pipeline.naming import output_relpath
from assetkit.pipeline.results import SourceResult
from assetkit.pipeline.source import SourceJob
from assetkit.pipeline.variant import inputs_key

FACE = {"face": "LiberationSans", "file": "/usr/share/fonts/truetype/liberation2/"
        "LiberationSans-Regular.ttf", "version": "Version 2.1.5"}


def has_findings(source_id: str, share: float) -> bool:
    """Whether this source carries findings: a stable `share` of the sources, by id."""
    return int(hashlib.sha1(source_id.encode()).hexdigest()[:8], 16) < share * 0x1_0000_0000


def _layout(w: int, h: int) -> dict:
    """A recompose layout of a banner: plate background, logo and headline placed."""
    return {"mode": "recompose", "template": "landscape" if w > h else "square",
            "background": "plate", "bg_crop": [0.0, 64.5, 900.0, 535.5],
            "placements": [
                {"unit": "logo", "role": "logo", "layers": ["Version A/Logo_Glyph"],
                 "scale": 0.4912, "src": [379, 211, 521, 390], "box": [48.0, 31.4, 117.7, 119.3]},
                {"unit": "headline", "role": "headline", "layers": ["Version A/Headline"],
                 "scale": 1.5333, "src": [275, 435, 635, 466], "box": [48.0, 221.2, 600.0, 268.7]}],
            "layers": [
                {"path": "Version A/Matte", "index": 1, "unit": "bg", "role": "bg",
                 "box": [0.0, 0, float(w), h]},
                {"path": "Version A/Logo_Glyph", "index": 2, "unit": "logo", "role": "logo",
                 "box": [48.0, 31.4, 117.7, 119.3]},
                {"path": "Version A/Headline", "index": 3, "unit": "headline",
                 "role": "headline", "box": [48.0, 221.2, 600.0, 268.7]}]}


class FakeRender:
    """`render(job) -> SourceResult`; `digests`: id -> sha256 of the sources as the bench wrote
    them (a file not in it, or changed since, is hashed for real: the store passes its digest)."""

    def __init__(self, digests: Path, sources: Path, findings_share: float) -> None:
        self.digests_file, self.sources, self.share = digests, sources, findings_share
        self._digests: dict[str, str] | None = None

    def digest(self, job: SourceJob) -> str:
        if job.digest is not None:
            return job.digest
        if self._digests is None:
            self._digests = json.loads(self.digests_file.read_text(encoding="utf-8"))
        known = self._digests.get(job.path.relative_to(self.sources).as_posix())
        return known or file_sha256(job.path)

    def output(self, job: SourceJob, target: Target, sha: str,
               findings: tuple[Finding, ...]) -> Output:
        w, h = target.slot.size or (1000, 1000)
        rel = output_relpath(job.template, source=job.stem, platform=target.platform.id,
                             slot=target.slot.id, size=(w, h), ext="jpg")
        data = f"bench {rel} {sha}\n".encode()
        path = job.out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return Output(
            variant_id=f"{job.stem}/{target.key}", source=job.stem,
            platform=target.platform.id, slot=target.slot.id, path=rel, width=w, height=h,
            bytes=len(data), max_bytes=target.slot.cap_bytes(), format="jpeg",
            encode={"quality": 86, "subsampling": "4:2:0", "encodes": 2,
                    "tried": ["jpeg q40-95"], "sample_encodes": 0.31},
            inputs_key=inputs_key(sha, target, job), layout=_layout(w, h), findings=findings,
            fonts=(dict(FACE),), sha256=hashlib.sha256(data).hexdigest())

    def __call__(self, job: SourceJob) -> SourceResult:
        sha = self.digest(job)
        sid = job.path.relative_to(self.sources).as_posix()
        noted = has_findings(sid, self.share)
        outputs, found = [], []
        for n, target in enumerate(job.targets):
            mine = (Finding("layout.upscaled", "warning", "headline scaled up 1.53x beyond its "
                            "source pixels", source=job.stem, layer="Version A/Headline",
                            platform=target.platform.id, slot=target.slot.id),
                    ) if noted and n == 0 else ()
            outputs.append(self.output(job, target, sha, mine))
            found += mine
        if noted:
            found.append(Finding("roles.heuristic", "info", "roles guessed from layer names",
                                 source=job.stem))
        return SourceResult(job.stem, tuple(outputs), tuple(found), written=len(outputs),
                            sha256=sha)
