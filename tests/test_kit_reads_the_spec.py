"""The kit refuses a spec it cannot read with one clear error naming the file and the fault,
never a traceback: a typo in openapi.yaml is the first thing a user editing it meets."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.spec import document
from conformance.spec.subset import UnsupportedSchema

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "openapi: 3.1.0\npaths:\n  /generation: [unclosed\n",
            r'(?s)not YAML: while parsing.* in ".*openapi\.yaml", line 3',
        ),
        ("- openapi\n- 3.1.0\n", r"a YAML list, not an OpenAPI document"),
        ("", r"a YAML NoneType, not an OpenAPI document"),
        ("openapi: 3.1.0\npaths: [/generation]\n", r"can read \(AttributeError: "),
    ],
    ids=["not-yaml", "a-list", "empty", "paths-a-list"],
)
def test_a_spec_that_cannot_be_read_is_refused_naming_the_file(
    tmp_path: Path, text: str, reason: str
) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text, "utf-8")

    with pytest.raises(UnsupportedSchema, match=reason) as refused:
        document.load(spec)
    assert str(refused.value).startswith(f"{spec}: ")


def test_a_spec_without_servers_is_refused_naming_the_file(tmp_path: Path) -> None:
    text = (ROOT / "openapi.yaml").read_text("utf-8")
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text.replace("\nservers:", "\nx-servers:", 1), "utf-8")

    with pytest.raises(UnsupportedSchema, match=r"can read \(KeyError: 'servers'\)"):
        document.load(spec)
