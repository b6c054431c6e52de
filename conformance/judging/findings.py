"""Findings: what a case found wrong, one per check, so a check that fails hides no other.

A check is one question the kit asks of an exchange (`CHECKS`, the report's names). It fails
by raising AssertionError (`checks.fail`), or says it cannot judge by raising `NotApplicable`:
the client does not expose what the check reads, a None the contract allows (no round trip,
no parsed error body, no headers, no unknown fields). `Judgement` runs each check of an
example in turn, keeps every finding and every check that did not apply. A case gathers the
judgements of all its examples (`CaseFindings`: a property case runs every example whatever
the earlier ones found) and `settle()` raises the findings together as one `Findings` error,
once every example has run: per check, the first example's reason and how many examples it
failed in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import ParamSpec, TypeVar

# Every check, in the order the report lists them, with what it asks.
CHECKS = {
    "outcome": "the kind of outcome the case expects: a parse, the documented error, ...",
    "values": "every declared field equals what was sent, in value and type",
    "absent-null": "an absent field stays absent and a null stays null",
    "unknown-fields": "undeclared fields are kept (Parsed.extras, APIError.extras)",
    "round-trip": "the body serialised back equals what was sent (Parsed.round_trip)",
    "error": "the APIError carries the status, code, message and metadata",
    "raw-body": "the error keeps the raw body's bytes (APIError/Malformed.raw_body)",
    "error-body": "the parsed error body (APIError.body) equals what was sent",
    "refusal": "a refusal carries the status and names the field",
    "error-class": "the promised exception class for the status (Promises.error_type)",
    "error-path": "the promised full path of a malformed value (Promises.full_paths)",
    "headers": "the error keeps every response header (APIError.headers)",
    "printable": "str() and repr() of the client's error do not raise",
    "secrets": "the API key is reachable from nothing the client returned, raised or logged",
    "stored-content": "the user's stored text is shown in no str, repr or log line",
    "request": "the request the spec describes",
    "no-response": "its no-response error within the read timeout",
    "retries": "what the client retries, and when, per the policy it declares (Retries)",
}

P = ParamSpec("P")
_Data = TypeVar("_Data")


def encodable(text: str) -> str:
    """`text` with every code point UTF-8 cannot encode (a lone surrogate a client let through
    from a `\\ud800` escape) written as its backslash escape: every reason, finding and report
    line goes through it, so pytest-xdist can send it and a file can hold it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def shorten(text: str, limit: int) -> str:
    """`text` in at most about `limit` characters: cut after a whole word (at a space, `;` or
    `,` in its last quarter, else at `limit`), with an explicit marker saying how much is cut,
    so a cut never reads as the text's own end (`...Data.` looked like a key `Data.`)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    boundary = max(head.rfind(" "), head.rfind(";"), head.rfind(","))
    if boundary >= limit * 3 // 4:
        head = head[:boundary]
    head = head.rstrip(" ;,")
    return f"{head} [cut: {len(text) - len(head)} more characters]"


def encodable_data(data: _Data) -> _Data:
    """`data` (JSON-like: dicts, lists, tuples, strings) with every string `encodable`."""
    if isinstance(data, str):
        return encodable(data)  # type: ignore[return-value]
    if isinstance(data, dict):
        return {encodable_data(k): encodable_data(v) for k, v in data.items()}  # type: ignore[return-value]
    if isinstance(data, list | tuple):
        return type(data)(encodable_data(item) for item in data)
    return data


T = TypeVar("T")


class NotApplicable(Exception):
    """The check has nothing to judge: the client does not expose what it reads."""


class Failed(AssertionError):
    """A check failing with a one-line reason that names the first few problems, and every
    problem in `details` (the JSON report lists them all)."""

    def __init__(self, reason: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.details = details


@dataclass(frozen=True)
class Finding:
    """One check that failed, with its one-line reason and, when the reason names only the
    first few, every problem it found (`details`)."""

    check: str
    reason: str
    details: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", encodable(self.reason))
        object.__setattr__(self, "details", tuple(map(encodable, self.details)))

    def __str__(self) -> str:
        return f"{self.check}: {self.reason}"


class Findings(AssertionError):
    """Every finding of one example, raised once all its checks have run."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        super().__init__("; ".join(map(str, findings)))
        self.findings = findings


@dataclass
class Judgement:
    """The findings and the checks found not applicable in one example, as they come."""

    findings: list[Finding] = field(default_factory=list)
    not_applicable: dict[str, str] = field(default_factory=dict)

    def check(self, name: str, run: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """`run(*args, **kwargs)` as the check `name`: its result, or None when it failed (the
        finding kept) or did not apply (kept too)."""
        if name not in CHECKS:
            raise ValueError(f"unknown check {name!r}: add it to findings.CHECKS")
        try:
            return run(*args, **kwargs)
        except Findings as found:
            self.findings += found.findings
        except AssertionError as failed:
            self.found(name, failed)
        except NotApplicable as why:
            self.not_applicable.setdefault(name, encodable(str(why)))
        return None

    def found(self, name: str, failed: AssertionError) -> None:
        """Keep a failed check's reason (its first line)."""
        lines = str(failed).strip().splitlines()
        details = tuple(getattr(failed, "details", ()))
        self.findings.append(Finding(name, lines[0] if lines else type(failed).__name__, details))

    def settle(self) -> None:
        """Raise every finding of this example at once, if there is any."""
        if self.findings:
            raise Findings(tuple(self.findings))


@dataclass
class CaseFindings:
    """Every finding of a case over all its examples: per check, the first example's finding
    (its reason) and how many examples failed that check."""

    first: dict[str, Finding] = field(default_factory=dict)
    failing: Counter[str] = field(default_factory=Counter)
    examples: int = 0

    def add(self, judgement: Judgement) -> None:
        """Gather one example's judgement."""
        self.examples += 1
        for finding in judgement.findings:
            self.first.setdefault(finding.check, finding)
        self.failing.update({finding.check for finding in judgement.findings})

    def settle(self) -> None:
        """Raise every finding of the case at once, if there is any: each check's first
        reason, and in how many of the examples it failed when the case ran more than one."""
        if not self.first:
            return
        found = tuple(
            replace(f, reason=f"{f.reason} (in {self.failing[check]} of {self.examples} examples)")
            if self.examples > 1
            else f
            for check, f in self.first.items()
        )
        raise Findings(found)
