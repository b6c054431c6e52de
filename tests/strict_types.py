"""mypy --strict over a generated copy of the client, the way the tests run it: in a fresh
process, with a cache kept between runs under .mypy_cache/ (one per caller, so parallel
workers never share one). The copy itself is checked afresh each time, since mypy re-reads any
file whose path or contents changed; typeshed, httpx and attrs come from the cache."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CACHES = Path(__file__).resolve().parent.parent / ".mypy_cache"


def check(package: str, where: Path, cache: str) -> subprocess.CompletedProcess[str]:
    """`mypy --strict package`, run from `where`, with the cache named `cache`."""
    command = [
        *(sys.executable, "-m", "mypy", "--strict"),
        *("--cache-dir", str(CACHES / f"tests-{cache}"), package),
    ]
    return subprocess.run(
        command, cwd=where, capture_output=True, text=True, check=False, timeout=300
    )
