"""`python -m assetkit.samples [DIR]`: regenerate the sample campaign PSDs and the logo master."""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from .campaign import make_bench_workload, make_brand_assets, make_sample_campaign


def main(argv: Sequence[str] | None = None) -> None:
    """Regenerate the sample campaign PSDs and the brand assets (logo master)."""
    parser = argparse.ArgumentParser(prog="python -m assetkit.samples", description=main.__doc__)
    parser.add_argument("dir", nargs="?", default="input", help="campaign PSDs (default: input)")
    parser.add_argument("--brand-dir", default="brand_rules",
                        help="where the logo master goes (default: brand_rules)")
    parser.add_argument("--bench", metavar="DIR", help="also write the benchmark workload to DIR")
    args = parser.parse_args(argv)
    written = make_sample_campaign(Path(args.dir))
    written += make_brand_assets(Path(args.brand_dir)).values()
    if args.bench:
        written += make_bench_workload(Path(args.bench))
    for path in written:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
