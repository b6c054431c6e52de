"""The ErrorResponse model: parsed from JSON by from_dict, written back by to_dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import MalformedResponseError
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """Body of every error response.

    Attributes:
        error (ErrorDetail): What went wrong.
        user_id (None | str | Unset): ID of the user the key belongs to, when known.
        openrouter_metadata (ErrorResponseOpenrouterMetadataType0 | None | Unset): Diagnostic metadata added by
            OpenRouter.
    """

    error: ErrorDetail
    user_id: None | str | Unset = UNSET
    openrouter_metadata: ErrorResponseOpenrouterMetadataType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error.to_dict()

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        openrouter_metadata: dict[str, Any] | None | Unset
        if isinstance(self.openrouter_metadata, Unset):
            openrouter_metadata = UNSET
        elif isinstance(self.openrouter_metadata, ErrorResponseOpenrouterMetadataType0):
            openrouter_metadata = self.openrouter_metadata.to_dict()
        else:
            openrouter_metadata = self.openrouter_metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if openrouter_metadata is not UNSET:
            field_dict["openrouter_metadata"] = openrouter_metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(
            src_dict, Mapping
        ):  # json.loads gives dicts: skip the ABC check
            raise MalformedResponseError("expected an object", value=src_dict)
        d = dict(src_dict)
        try:
            error = d.pop("error")
            if isinstance(error, dict):
                try:
                    error = ErrorDetail.from_dict(error)
                except MalformedResponseError as _error:
                    raise _error._under("error")
            else:
                raise MalformedResponseError("expected an object", path="error", value=error)

            user_id = d.pop("user_id", UNSET)
            if not (isinstance(user_id, str) or user_id is None or isinstance(user_id, Unset)):
                raise MalformedResponseError("expected a string or null", path="user_id", value=user_id)

            openrouter_metadata = d.pop("openrouter_metadata", UNSET)
            if isinstance(openrouter_metadata, dict):
                try:
                    openrouter_metadata = ErrorResponseOpenrouterMetadataType0.from_dict(openrouter_metadata)
                except MalformedResponseError as _error:
                    raise _error._under("openrouter_metadata")
            elif not (openrouter_metadata is None or isinstance(openrouter_metadata, Unset)):
                raise MalformedResponseError(
                    "expected an object or null", path="openrouter_metadata", value=openrouter_metadata
                )

        except KeyError as _missing:
            raise MalformedResponseError("required field is missing", path=str(_missing.args[0])) from None
        error_response = cls(
            error,
            user_id,
            openrouter_metadata,
        )

        error_response.additional_properties = d
        return error_response

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
from ..models.error_detail import ErrorDetail  # noqa: E402
from ..models.error_response_openrouter_metadata_type_0 import ErrorResponseOpenrouterMetadataType0  # noqa: E402
