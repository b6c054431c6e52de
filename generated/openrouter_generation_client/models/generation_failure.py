"""The GenerationFailure model: parsed from JSON by from_dict, written back by to_dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import MalformedResponseError
from ..types import redact, redacted_repr

T = TypeVar("T", bound="GenerationFailure")


@_attrs_define
class GenerationFailure:
    """Why a generation failed, and each failed provider attempt before the last.

    Attributes:
        status (int | None): HTTP status returned to the client.
        message (None | str): Error message returned to the client.
        provider_name (None | str): Provider of the last attempt.
        raw (None | str): The raw upstream error body, as text.
        previous_errors (list[ProviderAttemptError]): Earlier failed attempts, in the order they were made.
    """

    status: int | None = _attrs_field(repr=redacted_repr)
    message: None | str = _attrs_field(repr=redacted_repr)
    provider_name: None | str = _attrs_field(repr=redacted_repr)
    raw: None | str = _attrs_field(repr=redacted_repr)
    previous_errors: list[ProviderAttemptError] = _attrs_field(repr=redacted_repr)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_repr)

    def to_dict(self) -> dict[str, Any]:
        status: int | None
        status = self.status

        message: None | str
        message = self.message

        provider_name: None | str
        provider_name = self.provider_name

        raw: None | str
        raw = self.raw

        previous_errors = []
        for previous_errors_item_data in self.previous_errors:
            previous_errors_item = previous_errors_item_data.to_dict()
            previous_errors.append(previous_errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "message": message,
                "provider_name": provider_name,
                "raw": raw,
                "previous_errors": previous_errors,
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
            status = d.pop("status")
            if isinstance(status, float) and status.is_integer():
                status = int(status)
            elif not ((isinstance(status, int) and not isinstance(status, bool)) or status is None):
                raise MalformedResponseError("expected an integer or null", path="status", value=status)

            message = d.pop("message")
            if not (isinstance(message, str) or message is None):
                raise MalformedResponseError("expected a string or null", path="message", value=message)

            provider_name = d.pop("provider_name")
            if not (isinstance(provider_name, str) or provider_name is None):
                raise MalformedResponseError("expected a string or null", path="provider_name", value=provider_name)

            raw = d.pop("raw")
            if not (isinstance(raw, str) or raw is None):
                raise MalformedResponseError("expected a string or null", path="raw", value=raw)

            previous_errors = d.pop("previous_errors")
            if isinstance(previous_errors, list):
                _previous_errors_list: list[ProviderAttemptError] = []
                for _previous_errors_index, _previous_errors_item in enumerate(previous_errors):
                    if isinstance(_previous_errors_item, dict):
                        try:
                            _previous_errors_item = ProviderAttemptError.from_dict(_previous_errors_item)
                        except MalformedResponseError as _error:
                            raise _error._under(f"previous_errors[{_previous_errors_index}]")
                    else:
                        raise MalformedResponseError(
                            "expected an object",
                            path=f"previous_errors[{_previous_errors_index}]",
                            value=_previous_errors_item,
                        )

                    _previous_errors_list.append(_previous_errors_item)
                previous_errors = _previous_errors_list
            else:
                raise MalformedResponseError("expected an array", path="previous_errors", value=previous_errors)

        except KeyError as _missing:
            raise MalformedResponseError("required field is missing", path=str(_missing.args[0])) from None
        except MalformedResponseError as _error:
            raise _error._redacted()
        generation_failure = cls(
            status,
            message,
            provider_name,
            raw,
            previous_errors,
        )

        generation_failure.additional_properties = d
        return generation_failure

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


# Imported last, once this module's class exists, so an import cycle between models cannot fail.
from ..models.provider_attempt_error import ProviderAttemptError  # noqa: E402
