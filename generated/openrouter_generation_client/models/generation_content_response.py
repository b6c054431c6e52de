"""The GenerationContentResponse model: parsed from JSON by from_dict, written back by to_dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import MalformedResponseError
from ..types import redact, redacted_repr

T = TypeVar("T", bound="GenerationContentResponse")


@_attrs_define
class GenerationContentResponse:
    """Body of a successful response of the content endpoint.

    Attributes:
        data (GenerationContent): Stored input, output and error of one generation (the user's own data).
    """

    data: GenerationContent = _attrs_field(repr=redacted_repr)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_repr)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
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
            data = d.pop("data")
            if isinstance(data, dict):
                try:
                    data = GenerationContent.from_dict(data)
                except MalformedResponseError as _error:
                    raise _error._under("data")
            else:
                raise MalformedResponseError("expected an object", path="data", value=data)

        except KeyError as _missing:
            raise MalformedResponseError("required field is missing", path=str(_missing.args[0])) from None
        except MalformedResponseError as _error:
            raise _error._redacted()
        generation_content_response = cls(
            data,
        )

        generation_content_response.additional_properties = d
        return generation_content_response

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
from ..models.generation_content import GenerationContent  # noqa: E402
