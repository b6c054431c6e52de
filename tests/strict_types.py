"""mypy --strict over a generated copy of the client, the way the tests run it: in a fresh
process, with a cache kept between runs under .mypy_cache/ (one per caller, so parallel
workers never share one). The copy itself is checked afresh each time, since mypy re-reads any
file whose path or contents changed; typeshed, httpx and attrs come from the cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHES = ROOT / ".mypy_cache"


def check(package: str, where: Path, cache: str) -> subprocess.CompletedProcess[str]:
    """`mypy --strict package`, run from `where`, with the cache named `cache`."""
    command = [
        *(sys.executable, "-m", "mypy", "--strict"),
        *("--cache-dir", str(CACHES / f"tests-{cache}"), package),
    ]
    return subprocess.run(
        command, cwd=where, capture_output=True, text=True, check=False, timeout=300
    )


def check_against(
    client: Path, files: list[str], cache: str, package: str = "openrouter_generation_client"
) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` over the generated `package` in `client` and the repository's `files`
    (tests that use it), resolved against that copy rather than generated/: MYPYPATH comes
    first in mypy's search path."""
    command = [
        *(sys.executable, "-m", "mypy", "--strict"),
        *("--cache-dir", str(CACHES / f"tests-{cache}"), str(client / package), *files),
    ]
    env = {**os.environ, "MYPYPATH": str(client)}
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300
    )
