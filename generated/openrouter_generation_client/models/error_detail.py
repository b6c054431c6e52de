"""The ErrorDetail model: parsed from JSON by from_dict, written back by to_dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import MalformedResponseError
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    """What went wrong.

    Attributes:
        code (int): Error code, usually the HTTP status.
        message (str): Human-readable error message.
        metadata (ErrorDetailMetadataType0 | None | Unset): Error-specific details (provider name, raw upstream error,
            ...).
    """

    code: int
    message: str
    metadata: ErrorDetailMetadataType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, ErrorDetailMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(
            src_dict, Mapping
        ):  # json.loads gives dicts: skip the ABC check
            raise MalformedResponseError("expected an object", value=src_dict)
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

            metadata = d.pop("metadata", UNSET)
            if isinstance(metadata, dict):
                try:
                    metadata = ErrorDetailMetadataType0.from_dict(metadata)
                except MalformedResponseError as _error:
                    raise _error._under("metadata")
            elif not (metadata is None or isinstance(metadata, Unset)):
                raise MalformedResponseError("expected an object or null", path="metadata", value=metadata)

        except KeyError as _missing:
            raise MalformedResponseError("required field is missing", path=str(_missing.args[0])) from None
        error_detail = cls(
            code,
            message,
            metadata,
        )

        error_detail.additional_properties = d
        return error_detail

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
from ..models.error_detail_metadata_type_0 import ErrorDetailMetadataType0  # noqa: E402
