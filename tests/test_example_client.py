"""The kit measures a client that is not built on httpx: the example urllib3 client
(conformance/examples/) passes every case, served over real loopback sockets, since respx
cannot answer urllib3 at all. Every case runs, each property with one example (budget 1): the
claim is that each kind of case reaches this client over sockets and passes, not hypothesis'
depth, which the conformance session spends on our client. Through the sync API only: the
client has no async API, and its adapter's `aget` runs the same sync call in a thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit_process import run_kit

ADAPTER = "conformance.examples.urllib3_adapter:Urllib3Adapter"


@pytest.mark.slow
def test_the_kit_runs_a_urllib3_client_over_sockets(tmp_path: Path) -> None:
    done = run_kit(
        *("-q", "--tb=line", f"--client={ADAPTER}", f"--report-dir={tmp_path}"),
        "--conformance-budget=1",
        "--conformance-apis=sync",
        cases_only=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads((tmp_path / "urllib3-example.json").read_text("utf-8"))
    cases = report["cases"]
    assert report["apis"] == "sync"
    assert "APIs: sync\n" in done.stdout
    assert len(cases) > 1000
    assert all(case["api"] == "sync" for case in cases)
    # It declares no retry policy: the retry cases are skipped, every other case passes.
    retry = [case for case in cases if case["kind"] == "retry"]
    assert retry
    assert {case["outcome"] for case in retry} == {"skipped"}
    assert all(case["outcome"] == "passed" for case in cases if case["kind"] != "retry")
    kinds = {(case["operation"], case["kind"]) for case in cases if not case["kit"]}
    for operation in ("getGeneration", "getGenerationContent"):
        assert (operation, "no-response") in kinds
        assert (operation, "encoding") in kinds
