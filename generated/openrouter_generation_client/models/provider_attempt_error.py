"""The ProviderAttemptError model: parsed from JSON by from_dict, written back by to_dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import MalformedResponseError
from ..types import redact, redacted_repr

T = TypeVar("T", bound="ProviderAttemptError")


@_attrs_define
class ProviderAttemptError:
    """One failed provider attempt.

    Attributes:
        code (int): Status code of the attempt.
        message (str): Error message of the attempt.
        provider_name (None | str): Provider of the attempt.
        raw (None | str): The raw upstream error body, as text.
    """

    code: int = _attrs_field(repr=redacted_repr)
    message: str = _attrs_field(repr=redacted_repr)
    provider_name: None | str = _attrs_field(repr=redacted_repr)
    raw: None | str = _attrs_field(repr=redacted_repr)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_repr)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        provider_name: None | str
        provider_name = self.provider_name

        raw: None | str
        raw = self.raw

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "provider_name": provider_name,
                "raw": raw,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(
            src_dict, Mapping
        ):  # json.loads gives dicts: skip the ABC check
            raise MalformedResponseError("expected an object", value=redact(src_dict))
        d = dict(src_dict)
        try:
            code = d.pop("code")
            if isinstance(code, float) and code.is_integer():
                code = int(code)
            elif not (isinstance(code, int) and not isinstance(code, bool)):
                raise MalformedResponseError("expected an integer", path="code", value=code)

            message = d.pop("message")
            if not isinstance(message, str):
                raise MalformedResponseError("expected a string", path="message", value=message)

            provider_name = d.pop("provider_name")
            if not (isinstance(provider_name, str) or provider_name is None):
                raise MalformedResponseError("expected a string or null", path="provider_name", value=provider_name)

            raw = d.pop("raw")
            if not (isinstance(raw, str) or raw is None):
                raise MalformedResponseError("expected a string or null", path="raw", value=raw)

        except KeyError as _missing:
            raise MalformedResponseError("required field is missing", path=str(_missing.args[0])) from None
        except MalformedResponseError as _error:
            raise _error._redacted()
        provider_attempt_error = cls(
            code,
            message,
            provider_name,
            raw,
        )

        provider_attempt_error.additional_properties = d
        return provider_attempt_error

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
