"""The kit measures a client that is not built on httpx: the example urllib3 client
(conformance/examples/) passes every case, served over real loopback sockets, since respx
cannot answer urllib3 at all. Every case runs, each property with one example (budget 1): the
claim is that each kind of case reaches this client over sockets and passes, not hypothesis'
depth, which the conformance session spends on our client. Through the sync API only: the
client has no async API, and its adapter's `aget` runs the same sync call in a thread.

The spec it runs on is a copy with the top-level README's "Adding an operation" applied: the
example's adapter declares its two operations, so the new one's cases are skipped, named in the
summary, and the run stays green (the batch of test_conformance_follows_spec.py judges ours
on the new operation)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import spec_edits
from tests.kit_process import run_kit

ROOT = Path(__file__).resolve().parent.parent
ADAPTER = "conformance.examples.urllib3_adapter:Urllib3Adapter"
UNSUPPORTED = "unsupported by the adapter: operation getGenerationUsage not supported"
NO_RETRIES = (
    "unsupported by the adapter: retries not declared (Supports.retries or the adapter's `retries`)"
)
NO_BODY_LIMIT = "unsupported by the adapter: body limits not declared (Supports.body_limit)"


@pytest.mark.whole_kit
def test_the_kit_runs_a_urllib3_client_over_sockets(tmp_path: Path) -> None:
    document: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text("utf-8"))
    spec_edits.third_operation(document)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    done = run_kit(
        *("-q", "--tb=line", f"--client={ADAPTER}", f"--report-dir={tmp_path}"),
        *(f"--spec={spec}", "--conformance-budget=1", "--conformance-apis=sync"),
        cases_only=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads((tmp_path / "urllib3-example.json").read_text("utf-8"))
    cases = report["cases"]
    assert report["apis"] == "sync"
    assert "APIs: sync\n" in done.stdout
    assert len(cases) > 1000
    assert all(case["api"] == "sync" for case in cases)
    new = [case for case in cases if case["operation"] == "getGenerationUsage"]
    # It declares no retry policy and no body limit either: those cases are skipped.
    retry = [case for case in cases if case["kind"] == "retry" and case not in new]
    limit = [case for case in cases if case["kind"] == "body-limit" and case not in new]
    others = [case for case in cases if case not in (*new, *retry, *limit)]
    assert len(new) > 20
    assert retry
    assert len(limit) == 6
    assert all(case["outcome"] == "skipped" and case["reason"] == UNSUPPORTED for case in new)
    assert all(case["outcome"] == "skipped" and case["reason"] == NO_RETRIES for case in retry)
    assert all(case["outcome"] == "skipped" and case["reason"] == NO_BODY_LIMIT for case in limit)
    assert all(case["outcome"] == "passed" for case in others)
    assert report["unsupported"] == {
        UNSUPPORTED: len(new),
        NO_RETRIES: len(retry),
        NO_BODY_LIMIT: len(limit),
    }
    assert f"{len(new)} x operation getGenerationUsage not supported" in done.stdout
    kinds = {(case["operation"], case["kind"]) for case in others}
    for operation in ("getGeneration", "getGenerationContent"):
        assert (operation, "no-response") in kinds
        assert (operation, "encoding") in kinds
