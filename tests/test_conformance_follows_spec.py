"""The conformance kit follows the spec by itself: each change a user may make to openapi.yaml
is covered (the report shows its cases) or named in "not tested", with no edit to
conformance/, no crash and no silent gap.

All changes go into ONE temporary copy of the spec; the client is regenerated from it once,
mypy --strict checks it once, and the kit runs on it once with a small budget, in a subprocess
(it loads the client package once per process). Each test then reads its change's outcome
from the JSON report. Two more small runs: the committed client on the changed spec (a
control: coverage is earned, not assumed) and a kit with a bug planted in its own code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conformance.payloads import wrong_values
from conformance.report.recorder import EXIT_KIT_ERROR
from conformance.spec import read_yaml
from tests import once, spec_edits, strict_types
from tests.kit_process import run_kit
from tools.codegen import PACKAGE, Sources, generate

ROOT = Path(__file__).resolve().parent.parent
OPERATION = "getGeneration"
BODY = "GenerationResponse"
Document = dict[str, Any]


def _generation(document: Document) -> Document:
    generation: Document = document["components"]["schemas"]["Generation"]
    return generation


def _add_field(name: str, schema: Document) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        properties = _generation(document)["properties"]
        assert name not in properties
        properties[name] = schema

    return change


def _make_optional(name: str) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        _generation(document)["required"].remove(name)

    return change


def _make_required(name: str) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        required = _generation(document)["required"]
        assert name not in required
        required.append(name)

    return change


def _new_enum_value(document: Document) -> None:
    document["components"]["schemas"]["ApiType"]["enum"].append("responses")


def _open_enum_field(document: Document) -> None:
    document["components"]["schemas"]["ReasoningEffort"] = {
        "type": "string",
        "enum": ["low", "medium", "high"],
    }
    _add_field(
        "reasoning_effort",
        {
            "anyOf": [
                {"$ref": "#/components/schemas/ReasoningEffort"},
                {"type": "string"},
                {"type": "null"},
            ]
        },
    )(document)


def _second_query_parameter(document: Document) -> None:
    document["paths"]["/generation"]["get"]["parameters"].append(
        {"name": "include_content", "in": "query", "required": False, "schema": {"type": "boolean"}}
    )


def _error_status(status: int, schema: Document) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        document["paths"]["/generation"]["get"]["responses"][str(status)] = {
            "description": f"A {status} added by the test.",
            "content": {"application/json": {"schema": schema}},
        }

    return change


def _object(name: str, kind: str) -> Document:
    member: Document = {"type": kind, **({"items": {}} if kind == "array" else {})}
    return {"type": "object", "required": [name], "properties": {name: member}}


def _double_on_every_number(document: Document) -> None:
    spec_edits.double_on_every_number(document["components"]["schemas"])


def _header_on_200(document: Document) -> None:
    document["paths"]["/generation"]["get"]["responses"]["200"]["headers"] = {
        "X-Request-Id": {"description": "Request id.", "schema": {"type": "string"}}
    }


TOKEN_FIELDS = [
    "native_tokens_cached",
    "native_tokens_completion",
    "native_tokens_completion_images",
    "native_tokens_prompt",
    "native_tokens_reasoning",
    "tokens_completion",
    "tokens_prompt",
]
SERVER = "https://openrouter.ai/api/v2"


def _shared_token_count(document: Document) -> None:
    """A harmless refactor: seven counters share one `TokenCount` schema, through `$ref`."""
    document["components"]["schemas"]["TokenCount"] = {"type": "integer", "minimum": 0}
    for name in TOKEN_FIELDS:
        properties = _generation(document)["properties"]
        properties[name] = {
            "description": properties[name]["description"],
            "anyOf": [{"$ref": "#/components/schemas/TokenCount"}, {"type": "null"}],
        }


def _server(document: Document) -> None:
    document["servers"] = [{"url": SERVER}]


def _problem_json_error(document: Document) -> None:
    document["components"]["schemas"]["Problem"] = {
        "type": "object",
        "required": ["title", "status"],
        "properties": {"title": {"type": "string"}, "status": {"type": "integer"}},
    }
    document["paths"]["/generation"]["get"]["responses"]["422"] = {
        "description": "Unprocessable - an RFC 9457 problem document.",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


def _required_header(document: Document) -> None:
    document["paths"]["/generation"]["get"]["parameters"].append(
        {
            "name": "OpenRouter-Version",
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
            "example": "2026-11-01",
        }
    )


def _required_query(document: Document) -> None:
    document["paths"]["/generation/content"]["get"]["parameters"].append(
        {
            "name": "fields",
            "in": "query",
            "required": True,
            "schema": {"type": "string", "enum": ["all", "input", "output"]},
        }
    )


def _second_security_scheme(document: Document) -> None:
    schemes = document["components"]["securitySchemes"]
    schemes["apiKeyHeader"] = {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    either: list[Document] = [{"bearerAuth": []}, {"apiKeyHeader": []}]
    document["security"] = either
    document["paths"]["/generation"]["get"]["security"] = either


def _request_body(document: Document) -> None:
    ok = document["paths"]["/generation"]["get"]["responses"]["200"]
    document["paths"]["/generation/batch"] = {
        "post": {
            "operationId": "postGenerationBatch",
            "tags": ["Generations"],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["ids"],
                            "properties": {"ids": {"type": "array", "items": {"type": "string"}}},
                        }
                    }
                },
            },
            "responses": {"200": ok, "404": {"$ref": "#/components/responses/NotFound"}},
        }
    }


def _body_limit_raised(document: Document) -> None:
    ok = document["paths"]["/generation"]["get"]["responses"]["200"]
    assert ok["x-body-limit"] == 1048576
    ok["x-body-limit"] = 3 * 1048576


# Each change of the issue's "Done when", in the order it lists them, then issue 18's.
CHANGES: dict[str, Callable[[Document], None]] = {
    "nullable field": _add_field("carbon_footprint_grams", {"type": ["number", "null"]}),
    "nested object": _add_field(
        "moderation",
        {
            "type": ["object", "null"],
            "required": ["flagged"],
            "properties": {
                "flagged": {"type": "boolean"},
                "categories": {"type": "array", "items": {"type": "string"}},
            },
        },
    ),
    "required made optional": _make_optional("model"),
    "optional made required": _make_required("session_id"),
    "new enum value": _new_enum_value,
    "new open-enum field": _open_enum_field,
    "second optional query parameter": _second_query_parameter,
    "new error status, usual body": _error_status(
        503, {"$ref": "#/components/schemas/ErrorResponse"}
    ),
    "new error status, other body": _error_status(409, _object("detail", "string")),
    "oneOf of objects": _add_field(
        "source", {"oneOf": [_object("prompt", "string"), _object("messages", "array")]}
    ),
    "anyOf of objects": _add_field(
        "route", {"anyOf": [_object("provider", "string"), _object("fallback", "boolean")]}
    ),
    "allOf of objects": _add_field(
        "billing", {"allOf": [_object("plan", "string"), _object("seats", "integer")]}
    ),
    "format uuid": _add_field("trace_id", {"type": ["string", "null"], "format": "uuid"}),
    "minimum": _add_field("retries", {"type": "integer", "minimum": 0}),
    "format double on every number": _double_on_every_number,
    "third operation": spec_edits.third_operation,
    "headers on a 200": _header_on_200,
    "shared constraint through $ref": _shared_token_count,
    "inner constraint of nested arrays": _add_field(
        "token_logprobs",
        {
            "type": ["array", "null"],
            "items": {"type": "array", "items": {"type": "number", "maximum": 0}},
        },
    ),
    "constraint of map values": _add_field(
        "cost_breakdown",
        {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}},
    ),
    "server URL": _server,
    "error with another JSON media type": _problem_json_error,
    "required header parameter": _required_header,
    "required query parameter": _required_query,
    "second security scheme": _second_security_scheme,
    "request body": _request_body,
    "body limit raised": _body_limit_raised,
}


@dataclass(frozen=True)
class Batch:
    """The changed spec, the client regenerated from it, mypy's verdict and the kit's report."""

    spec: Path
    client: Path
    mypy: subprocess.CompletedProcess[str]
    smoke: subprocess.CompletedProcess[str]
    kit: subprocess.CompletedProcess[str]
    report: dict[str, Any]

    def cases(self, fragment: str) -> list[dict[str, Any]]:
        found = [case for case in self.report["cases"] if fragment in case["case"]]
        assert found, f"no case of the report matches {fragment!r}"
        return found

    def failed(self, fragment: str) -> list[str]:
        return [
            f"{c['case']}: {c['reason']}" for c in self.cases(fragment) if c["outcome"] != "passed"
        ]

    def field(self, path: str, operation: str = OPERATION) -> dict[str, Any]:
        rows: list[dict[str, Any]] = [
            row
            for row in self.report["fields"]
            if row["path"] == path and row["operation"] == operation
        ]
        assert len(rows) == 1, f"{path} appears {len(rows)} times in the report"
        return rows[0]

    def operation(self, operation_id: str) -> dict[str, Any]:
        found: list[dict[str, Any]] = [
            op for op in self.report["operations"] if op["operation"] == operation_id
        ]
        assert len(found) == 1, f"{operation_id} appears {len(found)} times in the report"
        return found[0]


def _run_kit(
    spec: Path, client_dir: Path, reports: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return run_kit(
        "-q", f"--spec={spec}", f"--client-dir={client_dir}", f"--report-dir={reports}", *extra
    )


def _changed_spec(directory: Path) -> Path:
    document: Document = read_yaml((ROOT / "openapi.yaml").read_bytes())
    for change in CHANGES.values():
        change(document)
    copy = directory / "openapi.yaml"
    copy.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    return copy


# The tests that spell out the client's types, type-checked against the batch's client too.
TYPED_TESTS = ["tests/modes.py", "tests/test_errors.py"]


def _smoke(spec: Path, client: Path) -> subprocess.CompletedProcess[str]:
    """`nox -s generate`'s smoke check, on the client generated from `spec`."""
    command = [
        *(sys.executable, "-m", "pytest", "tests/test_generated_client.py", "-q"),
        *("-p", "no:cacheprovider", "-o", f"pythonpath=. {client}", f"--spec-file={spec}"),
    ]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )


def _build_batch(work: Path) -> None:
    """Into `work`: the changed spec, the client generated from it, and what mypy, the smoke
    check and the kit said of it (each run's outcome as JSON, for whichever worker reads it)."""
    spec = _changed_spec(work)
    client = generate(work / "client", Sources(spec=spec))
    # Three processes that only read the client: side by side, so the batch takes as long as
    # the kit's run, not the sum of the three.
    with ThreadPoolExecutor(max_workers=3) as pool:
        mypy = pool.submit(strict_types.check_against, client, TYPED_TESTS, "batch")
        smoke = pool.submit(_smoke, spec, client)
        kit = pool.submit(_run_kit, spec, client, work / "reports", "--conformance-budget=2")
    for name, running in (("mypy", mypy), ("smoke", smoke), ("kit", kit)):
        done = running.result()
        outcome = [done.args, done.returncode, done.stdout, done.stderr]
        (work / f"{name}.json").write_text(json.dumps(outcome), "utf-8")


def _finished(path: Path) -> subprocess.CompletedProcess[str]:
    args, returncode, stdout, stderr = json.loads(path.read_text("utf-8"))
    return subprocess.CompletedProcess(args, returncode, stdout, stderr)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    work = once.built(tmp_path_factory, "batch", _build_batch)
    report: dict[str, Any] = json.loads((work / "reports" / "ours.json").read_text("utf-8"))
    return Batch(
        work / "openapi.yaml",
        work / "client",
        _finished(work / "mypy.json"),
        _finished(work / "smoke.json"),
        _finished(work / "kit.json"),
        report,
    )


@pytest.mark.whole_kit
def test_the_batch_regenerates_type_checks_and_runs_without_a_kit_error(batch: Batch) -> None:
    # mypy --strict over the regenerated package and the tests that name its response types
    # (a new error body schema, the 409's and the 422's here, changes them).
    assert batch.mypy.returncode == 0, batch.mypy.stdout + batch.mypy.stderr
    assert "tests/test_errors.py" in batch.mypy.args
    # `nox -s generate`'s smoke check passes on the regenerated client.
    assert batch.smoke.returncode == 0, batch.smoke.stdout[-3000:] + batch.smoke.stderr[-3000:]
    assert batch.kit.returncode in (0, 1), batch.kit.stdout[-3000:] + batch.kit.stderr[-3000:]
    assert batch.report["kit_error"] is None
    assert batch.report["spec"] == str(batch.spec)
    kit_checks = [c for c in batch.report["cases"] if c["kit"]]
    assert all(c["outcome"] == "passed" for c in kit_checks), kit_checks
    for op in batch.report["operations"]:
        assert op["field_states_exercised"] == op["field_states"], op


@pytest.mark.whole_kit
def test_a_new_nullable_field_is_covered_in_every_state(batch: Batch) -> None:
    row = batch.field("data.carbon_footprint_grams")
    assert row["states"] == {"null": True, "absent": True, "present": True}
    assert not batch.failed("data.carbon_footprint_grams")
    # null, absent, present, a drawn wrong value and each kind of wrong value (a boolean, a
    # numeric string, NaN, ...), each through the sync and the async API.
    kinds = wrong_values.wrong_values({"type": ["number", "null"]})
    assert len(batch.cases("data.carbon_footprint_grams")) == 2 * (4 + len(kinds))


@pytest.mark.whole_kit
def test_a_nested_object_is_covered_field_by_field(batch: Batch) -> None:
    for path in ("data.moderation", "data.moderation.flagged", "data.moderation.categories"):
        assert all(batch.field(path)["states"].values()), path
    assert not batch.failed("data.moderation")
    assert batch.cases("missing-required/GenerationResponse:data.moderation.flagged")


@pytest.mark.whole_kit
def test_a_required_field_made_optional_gains_its_absent_state(batch: Batch) -> None:
    assert batch.field("data.model")["states"]["absent"] is True
    assert not batch.failed("field-state/GenerationResponse:data.model=absent")


@pytest.mark.whole_kit
def test_an_optional_field_made_required_must_be_present(batch: Batch) -> None:
    assert "absent" not in batch.field("data.session_id")["states"]
    assert not batch.failed("missing-required/GenerationResponse:data.session_id ")


@pytest.mark.whole_kit
def test_a_new_enum_value_and_a_new_open_enum_field_are_covered(batch: Batch) -> None:
    assert batch.field("data.api_type")["states"]["present"] is True
    assert batch.field("data.reasoning_effort")["states"] == {
        "null": True,
        "absent": True,
        "present": True,
        "unlisted": True,
    }
    assert not batch.failed("data.reasoning_effort")
    enum_module = batch.client / "openrouter_generation_client" / "models" / "api_type.py"
    assert '"responses"' in enum_module.read_text("utf-8")


@pytest.mark.whole_kit
def test_a_second_optional_query_parameter_is_sent_only_when_passed(batch: Batch) -> None:
    parameters = batch.operation(OPERATION)["parameters"]
    assert {"name": "include_content", "in": "query", "required": False} in parameters
    assert not batch.failed(f"{OPERATION}/request")


@pytest.mark.whole_kit
def test_new_error_statuses_are_documented_errors(batch: Batch) -> None:
    operation = batch.operation(OPERATION)
    assert {409, 503} <= set(operation["statuses_documented"])
    assert {409, 503} <= set(operation["statuses_exercised"])
    assert not batch.failed(f"{OPERATION}/documented-error/503")
    assert batch.field("detail")["states"] == {"present": True}
    assert not batch.failed(f"{OPERATION}/documented-error/409")


@pytest.mark.whole_kit
@pytest.mark.parametrize(
    ("union", "paths"),
    [
        ("oneOf", ("data.source.prompt", "data.source.messages")),
        ("anyOf", ("data.route.provider", "data.route.fallback")),
        ("allOf", ("data.billing.plan", "data.billing.seats")),
    ],
)
def test_unions_of_objects_are_covered_branch_by_branch(
    batch: Batch, union: str, paths: tuple[str, ...]
) -> None:
    for path in paths:
        assert batch.field(path)["states"]["present"] is True, (union, path)
        assert batch.cases(f"wrong-type/GenerationResponse:{path} ")
        assert not batch.failed(f"GenerationResponse:{path}"), batch.failed(path)


@pytest.mark.whole_kit
def test_a_uuid_and_a_minimum_get_valid_and_wrong_values(batch: Batch) -> None:
    assert not batch.failed("field-state/GenerationResponse:data.trace_id=")
    assert not batch.failed("wrong-type/GenerationResponse:data.trace_id ")
    assert not batch.failed("field-state/GenerationResponse:data.retries=present")
    assert batch.cases("wrong-type/GenerationResponse:data.retries ")
    # The regenerated client refuses -1 itself, naming data.retries (the kit checks the path).
    below = f"{OPERATION}/wrong-value/{BODY}:data.retries:below-minimum@"
    assert batch.cases(below)
    assert not batch.failed(below), batch.failed(below)


@pytest.mark.whole_kit
def test_format_double_on_every_number_changes_nothing(batch: Batch) -> None:
    assert not [gap for gap in batch.report["not_tested"] if "double" in gap]
    assert not batch.failed("field-state/GenerationResponse:data.total_cost")
    assert not batch.failed("GenerationResponse:data.provider_responses[].latency")
    assert not batch.failed(f"{OPERATION}/valid-body")


@pytest.mark.whole_kit
def test_a_third_operation_is_tested_in_full(batch: Batch) -> None:
    usage = batch.operation("getGenerationUsage")
    assert usage["path"] == "/generation/usage"
    assert usage["statuses_documented"] == [200, 404]
    assert usage["field_states_passing"] == usage["field_states"] > 0
    assert usage["failed"] == 0, batch.failed("getGenerationUsage/")


@pytest.mark.whole_kit
def test_a_third_operation_is_in_the_readme_the_package_carries(batch: Batch) -> None:
    """The readme's list of operations comes from the spec: the new one is there, with its
    parameter and responses, in the readme inside the package a user copies."""
    readme = (batch.client / PACKAGE / "README.md").read_text("utf-8")
    section = readme.split("### `get_generation_usage`: `GET /generation/usage`\n", 1)[1]
    section = section.split("\n#", 1)[0]
    assert section.strip().splitlines() == [
        "Usage of a generation",
        "",
        "Parameters:",
        "",
        "- `id` (`str`, required): The generation ID (as returned in the completion's `id`).",
        "",
        "Responses:",
        "",
        "- 200, `GenerationUsageResponse`: The usage.",
        "- 404, `errors.NotFoundError`: Not Found - no generation has this id, or its stats are "
        "not ready yet (retry shortly after a completion).",
    ]
    module = (batch.client / PACKAGE / "api" / "generations" / "get_generation_usage.py").read_text(
        "utf-8"
    )
    assert "200 (GenerationUsageResponse): The usage." in module


@pytest.mark.whole_kit
def test_a_raised_body_limit_is_what_the_client_and_the_kit_hold_to(batch: Batch) -> None:
    """A body of the new limit parses and one byte more does not: the kit read the limit from
    the spec (its old one would have wanted 1 MiB + 1 refused) and so did the generator."""
    cases = batch.cases(f"{OPERATION}/body-limit/")
    assert {case["state"] for case in cases} == {"at-limit", "past-limit", "past-limit-gzip"}
    assert batch.failed(f"{OPERATION}/body-limit/") == []


@pytest.mark.whole_kit
def test_a_header_on_a_200_is_named_as_not_tested(batch: Batch) -> None:
    assert f"{OPERATION}: response 200: header 'X-Request-Id'" in batch.report["not_tested"]
    assert "X-Request-Id" in batch.kit.stdout


@pytest.mark.whole_kit
def test_a_client_without_the_changes_fails_their_cases(tmp_path: Path) -> None:
    """The control: the committed client, run against the changed spec, loses the new field."""
    spec = _changed_spec(tmp_path)
    result = _run_kit(
        spec,
        ROOT / "generated",
        tmp_path / "reports",
        "-k",
        "carbon_footprint",
        "--conformance-budget=2",
    )
    report = json.loads((tmp_path / "reports" / "ours.json").read_text("utf-8"))
    assert result.returncode == 1
    failed = [c["case"] for c in report["cases"] if c["outcome"] != "passed"]
    assert any("data.carbon_footprint_grams=present" in case for case in failed), failed
    row = next(row for row in report["fields"] if row["path"] == "data.carbon_footprint_grams")
    assert row["exercised"]["present"], "the case sent the field"
    assert not row["states"]["present"], "the committed client cannot have kept the new field"


@pytest.mark.whole_kit
def test_an_exception_in_the_kit_s_own_code_stops_the_run_as_a_kit_error(tmp_path: Path) -> None:
    result = _run_kit(
        ROOT / "openapi.yaml",
        ROOT / "generated",
        tmp_path,
        "-p",
        "tests.kit_bug",
        "-k",
        "getGeneration/valid-body and sync",
    )
    assert result.returncode == EXIT_KIT_ERROR, result.stdout[-2000:]
    output = result.stdout + result.stderr
    assert "conformance kit error (not the client's fault)" in output
    assert "conformance/judging/compare.py:" in output
    report = json.loads((tmp_path / "ours.json").read_text("utf-8"))
    assert report["kit_error"].startswith("conformance/judging/compare.py:")
    assert [c["outcome"] for c in report["cases"] if not c["kit"]] == ["kit-error"]


@pytest.mark.whole_kit
def test_a_keyword_the_kit_cannot_translate_stops_only_a_strict_run(tmp_path: Path) -> None:
    """A spec change the kit cannot test is named; with --conformance-strict it fails the run."""
    document: Document = read_yaml((ROOT / "openapi.yaml").read_bytes())
    _add_field("retries", {"type": "integer", "multipleOf": 2})(document)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), "utf-8")
    result = _run_kit(spec, ROOT / "generated", tmp_path, "--conformance-strict")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "data.retries: keyword 'multipleOf'" in result.stderr


@pytest.mark.whole_kit
def test_a_shared_constraint_through_ref_is_enforced_on_every_field(batch: Batch) -> None:
    for name in TOKEN_FIELDS:
        below = f"{OPERATION}/wrong-value/{BODY}:data.{name}:below-minimum@"
        assert batch.cases(below), name
        assert not batch.failed(below), batch.failed(below)
        assert not batch.failed(f"wrong-type/{BODY}:data.{name} "), name


@pytest.mark.whole_kit
def test_the_default_base_url_is_the_spec_s_server(batch: Batch) -> None:
    # The smoke check (passed above) calls through the default base URL; the source says it.
    client_py = batch.client / "openrouter_generation_client" / "client.py"
    assert f'DEFAULT_BASE_URL = "{SERVER}"' in client_py.read_text("utf-8")


@pytest.mark.whole_kit
def test_inner_constraints_of_nested_arrays_and_map_values_are_sent_wrong(batch: Batch) -> None:
    for case in (
        f"{OPERATION}/wrong-value/{BODY}:data.token_logprobs:item-item-above-maximum@",
        f"{OPERATION}/wrong-value/{BODY}:data.cost_breakdown:value-below-minimum@",
        f"{OPERATION}/wrong-value/{BODY}:data.cost_breakdown:value-object@",
    ):
        assert batch.cases(case), case
        assert not batch.failed(case), batch.failed(case)


@pytest.mark.whole_kit
def test_a_plus_json_error_body_is_sent_as_a_documented_error(batch: Batch) -> None:
    operation = batch.operation(OPERATION)
    assert 422 in operation["statuses_exercised"]
    assert batch.cases(f"{OPERATION}/documented-error/422")
    assert not batch.failed(f"{OPERATION}/documented-error/422")
    assert not [gap for gap in batch.report["not_tested"] if "problem+json" in gap]


@pytest.mark.whole_kit
def test_required_parameters_of_any_location_are_sent_and_checked(batch: Batch) -> None:
    header = {"name": "OpenRouter-Version", "in": "header", "required": True}
    assert header in batch.operation(OPERATION)["parameters"]
    query = {"name": "fields", "in": "query", "required": True}
    assert query in batch.operation("getGenerationContent")["parameters"]
    for operation in (OPERATION, "getGenerationContent"):
        assert not batch.failed(f"{operation}/"), batch.failed(f"{operation}/")[:5]


@pytest.mark.whole_kit
def test_a_second_security_scheme_is_named_and_the_bearer_one_still_checked(batch: Batch) -> None:
    named = [gap for gap in batch.report["not_tested"] if "securitySchemes.apiKeyHeader" in gap]
    assert named, batch.report["not_tested"]
    assert "X-API-Key" in named[0]
    assert not batch.failed(f"{OPERATION}/request")


@pytest.mark.whole_kit
def test_an_operation_with_a_request_body_is_refused_whole_and_named(batch: Batch) -> None:
    assert "postGenerationBatch" not in [op["operation"] for op in batch.report["operations"]]
    assert not [c for c in batch.report["cases"] if "postGenerationBatch" in c["case"]]
    gaps = batch.report["not_tested"]
    assert any(gap.startswith("postGenerationBatch: requestBody") for gap in gaps), gaps
    assert "postGenerationBatch" in batch.kit.stdout
