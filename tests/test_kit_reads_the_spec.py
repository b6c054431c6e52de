"""The kit refuses a spec it cannot read with one clear error naming the file and the fault,
never a traceback: a typo in openapi.yaml is the first thing a user editing it meets."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.spec import document
from conformance.spec.document import DEEPEST, LARGEST
from conformance.spec.subset import UnsupportedSchema

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "openapi: 3.1.0\npaths:\n  /generation: [unclosed\n",
            r'(?s)cannot be read as YAML: while parsing.* in ".*openapi\.yaml", line 3',
        ),
        ("- openapi\n- 3.1.0\n", r"a YAML list, not an OpenAPI document"),
        ("", r"a YAML NoneType, not an OpenAPI document"),
        ("openapi: 3.1.0\npaths: [/generation]\n", r"can read \(AttributeError: "),
        # libyaml's composer would overflow the C stack (a crash, not an error) on this one.
        ("a: " + "[" * 30_000 + "]" * 30_000, f"nested more than {DEEPEST} levels deep"),
        ("x-when: 2024-99-99\n", "cannot be read as YAML: month must be in 1..12"),
    ],
    ids=["not-yaml", "a-list", "empty", "paths-a-list", "nested-30000-deep", "no-such-date"],
)
def test_a_spec_that_cannot_be_read_is_refused_naming_the_file(
    tmp_path: Path, text: str, reason: str
) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text, "utf-8")

    with pytest.raises(UnsupportedSchema, match=reason) as refused:
        document.load(spec)
    assert str(refused.value).startswith(f"{spec}: ")


def _edited(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    """openapi.yaml with each (old, new) replaced once, written into `tmp_path`."""
    text = (ROOT / "openapi.yaml").read_text("utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text, "utf-8")
    return spec


def test_a_spec_without_servers_is_refused_naming_the_file(tmp_path: Path) -> None:
    spec = _edited(tmp_path, ("\nservers:", "\nx-servers:"))

    with pytest.raises(UnsupportedSchema, match=r"can read \(KeyError: 'servers'\)"):
        document.load(spec)


def test_a_ref_that_leads_back_to_itself_is_refused_not_followed_forever(tmp_path: Path) -> None:
    spec = _edited(
        tmp_path,
        (
            "    ProviderOverloaded:\n",
            "    ProviderOverloaded:\n      $ref: '#/components/responses/ProviderOverloaded'\n"
            "    Unused:\n",
        ),
    )

    with pytest.raises(UnsupportedSchema, match=r"\$ref \S+/ProviderOverloaded leads back to"):
        document.load(spec)


def test_a_response_key_that_only_looks_like_a_status_is_not_tested(tmp_path: Path) -> None:
    """`"²".isdigit()` is true; `int("²")` fails. Such a key is named as not tested."""
    spec = _edited(
        tmp_path, ('"200":', '"2²":\n          description: superscript\n        "200":')
    )

    gaps = [gap for gap in document.load(spec).gaps if gap.where == "response 2²"]
    assert [gap.what for gap in gaps] == ["only explicit statuses are tested"]


def test_a_schema_that_holds_itself_through_a_yaml_anchor_is_refused(tmp_path: Path) -> None:
    spec = _edited(
        tmp_path,
        (
            "      properties:\n        data:\n",
            "      properties:\n        loop: &loop\n          properties:\n"
            "            again: *loop\n        data:\n",
        ),
    )

    with pytest.raises(UnsupportedSchema, match="nested too deeply for the kit to read"):
        document.load(spec)


def test_a_spec_whose_refs_grow_exponentially_is_refused_once_past_the_largest(
    tmp_path: Path,
) -> None:
    """Each of 40 schemas refers twice to the next: 2**40 nodes once inlined, never finished."""
    chain = "".join(
        f"    R{n}:\n      allOf: [$ref: '#/components/schemas/R{n + 1}',"
        f" $ref: '#/components/schemas/R{n + 1}']\n"
        for n in range(40)
    )
    spec = _edited(
        tmp_path,
        (
            "      properties:\n        data:\n",
            "      properties:\n        grows:\n          $ref: '#/components/schemas/R0'\n"
            "        data:\n",
        ),
        ("  schemas:\n", f"  schemas:\n{chain}    R40:\n      type: string\n"),
    )

    with pytest.raises(UnsupportedSchema, match=f"inlines to more than {LARGEST} nodes"):
        document.load(spec)


def test_each_operation_s_body_limit_is_its_200_response_s(tmp_path: Path) -> None:
    committed = document.load()
    limits = {operation.id: operation.body_limit for operation in committed.operations}
    assert limits == {"getGeneration": 1048576, "getGenerationContent": 67108864}

    spec = _edited(tmp_path, ("x-body-limit: 1048576", "x-body-limit: 1 MB"))

    loaded = document.load(spec)
    assert loaded.operation("getGeneration").body_limit is None
    new = [str(gap) for gap in loaded.gaps if gap not in committed.gaps]
    assert new == ["getGeneration: response 200 x-body-limit: '1 MB' is not a count of bytes"]
