"""The kit's secret scan (conformance/secrets.py) finds what it must and nothing else: a key
held anywhere reachable from an error, stored text shown in a repr, log records of a call."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest

from conformance import spec
from conformance.adapters import NoResponse, Parsed
from conformance.judging import secrets, strict

KEY = "sk-or-v1-" + "ab" * 32
ROOT = Path(__file__).resolve().parent.parent


class _Kept(Exception):
    """An error that keeps the request, the way a careless client would."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__("failed")
        self.request = request


def test_a_key_in_a_kept_request_or_a_cause_is_found() -> None:
    request = httpx.Request("GET", "https://x.test/", headers={"Authorization": f"Bearer {KEY}"})
    found = secrets.leaks({"error": _Kept(request)}, [KEY])
    assert found
    assert all(KEY not in line for line in found), "the report must not repeat the key"
    outer = RuntimeError("outer")
    outer.__cause__ = _Kept(request)
    assert secrets.leaks({"error": outer}, [KEY])


def test_a_clean_error_and_a_traceback_are_not_leaks() -> None:
    key = KEY  # a local of the frame the traceback holds: Python's doing, not the client's
    with pytest.raises(ValueError, match="no key here") as caught:
        raise ValueError(f"no key here, {len(key)} characters")
    assert secrets.leaks({"error": caught.value}, [KEY]) == []


def test_stored_text_is_found_only_where_shown() -> None:
    class Model:
        def __init__(self) -> None:
            self.prompt = "the user's own long prompt"

        def __repr__(self) -> str:
            return "Model(prompt=<not shown>)"

    assert secrets.shown({"returned": Model()}, ["the user's own long prompt"]) == []
    assert secrets.shown(
        {"returned": ["the user's own long prompt"]}, ["the user's own long prompt"]
    )


# A stored prompt with what a repr, JSON or unicode_escape would escape: a newline, a tab, a
# non-ASCII letter, both quotes, a backslash.
ESCAPED_PROMPT = "line one\nline\ttwo: r\u00e9sum\u00e9 'single' \"double\" back\\slash"


class _Shows:
    """A model whose repr shows the prompt as a dataclass repr would: repr-escaped."""

    def __init__(self, render: object) -> None:
        self.render = render

    def __repr__(self) -> str:
        return f"Content(prompt={self.render})"


@pytest.mark.parametrize(
    "render",
    [
        repr(ESCAPED_PROMPT),
        ascii(ESCAPED_PROMPT),
        json.dumps(ESCAPED_PROMPT),
        json.dumps(ESCAPED_PROMPT, ensure_ascii=False),
        ESCAPED_PROMPT.encode("unicode_escape").decode("ascii"),
    ],
    ids=["repr", "ascii", "json", "json-unicode", "unicode_escape"],
)
def test_stored_text_shown_escaped_is_found(render: str) -> None:
    assert ESCAPED_PROMPT not in render  # escaped: the raw text alone would not find it
    found = secrets.shown({"returned": _Shows(render)}, [ESCAPED_PROMPT])
    # str() of an object without __str__ is its repr: both show it.
    assert [line.split(": ", 1)[0] for line in found] == ["str(returned)", "repr(returned)"]
    assert "<secret>" in found[0]
    assert "sum" not in found[0]  # the excerpt hides the escaped form too


def test_a_repr_escaped_stored_prompt_fails_the_stored_content_check() -> None:
    logs = secrets.LogCapture()
    shown = Parsed(data={}, returned=_Shows(repr(ESCAPED_PROMPT)))
    with pytest.raises(AssertionError, match=r"stored content is displayed, at str\(returned\)"):
        strict.not_shown(shown, logs, [ESCAPED_PROMPT])
    logs.records.append(
        logging.LogRecord(
            "client", logging.DEBUG, "x", 1, "body %s", (json.dumps(ESCAPED_PROMPT),), None
        )
    )
    with pytest.raises(AssertionError, match=r"at log client:DEBUG"):
        strict.not_shown(Parsed(data={}, returned=None), logs, [ESCAPED_PROMPT])
    strict.not_shown(
        Parsed(data={}, returned=_Shows("<not shown>")), secrets.LogCapture(), [ESCAPED_PROMPT]
    )


def test_stored_text_skips_short_strings_and_enum_values() -> None:
    schema = {"properties": {"role": {"enum": ["assistant_reply"]}}}
    body = {"role": "assistant_reply", "prompt": "write a haiku", "n": "short"}
    assert secrets.stored_text(schema, body) == ("write a haiku",)


def test_stored_text_skips_plain_words_a_repr_may_spell_anyway() -> None:
    body = {"a": "characters", "b": "MessagesInput", "c": "stored prompt", "d": "génération"}
    assert secrets.stored_text({}, body) == ("stored prompt", "génération")


def test_the_spec_marks_the_content_bodies_sensitive() -> None:
    marked = spec.load(ROOT / "openapi.yaml").sensitive
    assert "GenerationContentResponse" in marked
    assert "GenerationResponse" not in marked


def test_log_records_of_every_logger_are_captured_and_levels_restored() -> None:
    quiet = logging.getLogger("kit-test.quiet")
    quiet.setLevel(logging.WARNING)
    with secrets.LogCapture() as logs:
        quiet.debug("auth %s", KEY)
    assert any(KEY in text for _, text in logs.texts())
    assert quiet.level == logging.WARNING


def _no_response(message: str) -> NoResponse:
    """A no-response error chaining httpx's, which keeps the request and its key (allowed)."""
    request = httpx.Request("GET", "https://x.test/", headers={"Authorization": f"Bearer {KEY}"})
    error = RuntimeError(message)
    error.__cause__ = httpx.ReadTimeout("timed out", request=request)
    return NoResponse(error)


def test_a_key_in_a_no_response_message_is_found_not_the_request_it_keeps() -> None:
    with secrets.LogCapture() as logs:
        strict.no_secret(_no_response("no response from x.test (ReadTimeout)"), logs, [KEY])
        with pytest.raises(AssertionError, match=r"str\(error\)") as caught:
            strict.no_secret(_no_response(f"no response; headers {{'a': '{KEY}'}}"), logs, [KEY])
    assert KEY not in str(caught.value)


def test_a_key_in_the_message_of_a_chained_error_is_found() -> None:
    outcome = _no_response("no response")
    inner = outcome.exception.__cause__
    assert inner is not None
    inner.__context__ = ValueError(f"Bearer {KEY}")
    with secrets.LogCapture() as logs, pytest.raises(AssertionError, match="__context__"):
        strict.no_secret(outcome, logs, [KEY])
