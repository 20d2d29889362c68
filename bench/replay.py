"""`python -m bench.replay`: the cap solver's encode work on the bench workload, without
timing noise, against the fewest encodes its rules allow.

1. Records every `fit_under_cap` call of a -j 1 flatten build of the bench campaign (the
   rendered variant, its cap, settings and pre-pass hint).
2. Tabulates each variant's real progressive JPEG size at q 40-95 in 4:2:0 and 4:4:4 (a
   process pool; about a minute on 2 cores; cached in `--work/replay.pkl`).
3. Replays the solver with full-size encodes looked up in the table (mosaic probes are real
   encodes) and prints, weighted by pixels (4:4:4 encodes at 1.65x, mosaic estimates at
   1/2.3 of a progressive encode, as measured): full-size work, mosaic work, and the oracle
   (the answer, the proof that q+1 misses, and the 4:4:4 miss at 90 where 4:2:0 is chosen at
   q >= 90). Also checks the replay picks what the table says is the rule's answer.

Run `python -m bench` once first (it writes the campaign and sources under `--work`).
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from multiprocessing import Pool
from pathlib import Path

from .workload import REPO

W444 = 1.65  # a 4:4:4 progressive encode against a 4:2:0 one (1500x1500, measured)
ESTIMATE = 2.3  # a progressive encode against a baseline-optimized one (mosaic size)
QUALITIES = range(40, 96)
SUBS = ("4:2:0", "4:4:4")


def record(campaign: Path) -> list[tuple]:
    """(image, formats, cap, kwargs) of every solver call of a -j 1 build."""
    import assetkit.pipeline.stages as variant
    from assetkit.config import load_campaign
    from assetkit.pipeline import build

    calls: list[tuple] = []
    real = variant.fit_under_cap

    def spy(image, formats, cap, **kw):
        calls.append((image.copy(), tuple(formats), cap, kw))
        return real(image, formats, cap, **kw)

    variant.fit_under_cap = spy
    try:
        build(campaign=load_campaign(campaign), jobs=1, force=True)
    finally:
        variant.fit_under_cap = real
    return calls


def _table(call: tuple) -> dict:
    from assetkit.encode import ENCODERS

    image, _, _, kw = call
    encode = ENCODERS["jpeg"].encode
    return {(q, s): len(encode(image, q, s, kw["settings"])) for s in SUBS for q in QUALITIES}


class _Tabled:
    """The JPEG encoder with full-size sizes looked up, counting pixel-weighted work."""

    lossy = True

    def __init__(self, real) -> None:
        self.real, self.image, self.table = real, None, {}
        self.full = self.mosaic = 0.0

    def available(self) -> bool:
        return True

    def encode(self, image, q, sub, settings=None):
        weight = image.width * image.height * (W444 if sub == "4:4:4" else 1.0)
        if image is self.image:
            self.full += weight
            return bytes(self.table[q, sub or "4:2:0"])
        self.mosaic += weight
        return self.real.encode(image, q, sub, settings)

    def estimate(self, image, q, sub, settings=None):
        self.mosaic += image.width * image.height * (W444 if sub == "4:4:4" else 1.0) / ESTIMATE
        return self.real.estimate(image, q, sub, settings)


def _oracle(table: dict, cap: int) -> tuple[tuple[int, str], float]:
    """The rule's answer and the fewest encodes (4:2:0-equivalents) that prove it."""
    high = [q for q in range(90, 96) if table[q, "4:4:4"] <= cap]
    if high:
        q = max(high)
        return (q, "4:4:4"), W444 * (1 if q == 95 else 2)
    q = max(q for q in QUALITIES if table[q, "4:2:0"] <= cap)
    return (q, "4:2:0"), (1 if q == 95 else 2) + (W444 if q >= 90 else 0)


def replay(calls: list[tuple], tables: list[dict]) -> dict:
    from assetkit.encode import ENCODERS, fit_under_cap

    tabled, real = _Tabled(ENCODERS["jpeg"]), ENCODERS["jpeg"]
    ENCODERS["jpeg"] = tabled
    pixels = oracle = 0.0
    full_encodes = wrong = 0
    try:
        for (image, formats, cap, kw), table in zip(calls, tables, strict=True):
            tabled.image, tabled.table = image, table
            got = fit_under_cap(image, formats, cap, **kw)
            want, cost = _oracle(table, cap)
            wrong += (got.quality, got.subsampling) != want
            full_encodes += got.encodes
            px = image.width * image.height
            pixels += px
            oracle += px * cost
    finally:
        ENCODERS["jpeg"] = real
    return {"variants": len(calls), "full_encodes": full_encodes,
            "full_work": round(tabled.full / pixels, 3),
            "mosaic_work": round(tabled.mosaic / pixels, 3),
            "total_work": round((tabled.full + tabled.mosaic) / pixels, 3),
            "oracle_work": round(oracle / pixels, 3), "not_the_rule": wrong}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.replay", description=__doc__)
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench")
    parser.add_argument("--fresh", action="store_true", help="re-record and re-tabulate")
    args = parser.parse_args(argv)
    cache = args.work / "replay.pkl"
    campaign = args.work / "bench-flatten.yaml"
    if not campaign.is_file():
        sys.exit(f"{campaign} not found: run `python -m bench --runs 1` once first")
    if args.fresh or not cache.is_file():
        calls = record(campaign)
        with Pool() as pool:
            tables = pool.map(_table, calls)
        cache.write_bytes(pickle.dumps((calls, tables)))
    calls, tables = pickle.loads(cache.read_bytes())
    print(json.dumps(replay(calls, tables), indent=2))


if __name__ == "__main__":
    main()
