"""The GenerationOutput model: parsed from JSON by from_dict, written back by to_dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import MalformedResponseError
from ..types import redact, redacted_repr

T = TypeVar("T", bound="GenerationOutput")


@_attrs_define
class GenerationOutput:
    """What the model produced.

    Attributes:
        completion (None | str): The completion text; null when there was none.
        reasoning (None | str): The reasoning text; null when the model gave none.
    """

    completion: None | str = _attrs_field(repr=redacted_repr)
    reasoning: None | str = _attrs_field(repr=redacted_repr)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_repr)

    def to_dict(self) -> dict[str, Any]:
        completion: None | str
        completion = self.completion

        reasoning: None | str
        reasoning = self.reasoning

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completion": completion,
                "reasoning": reasoning,
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
            completion = d.pop("completion")
            if not (isinstance(completion, str) or completion is None):
                raise MalformedResponseError("expected a string or null", path="completion", value=completion)

            reasoning = d.pop("reasoning")
            if not (isinstance(reasoning, str) or reasoning is None):
                raise MalformedResponseError("expected a string or null", path="reasoning", value=reasoning)

        except KeyError as _missing:
            raise MalformedResponseError("required field is missing", path=str(_missing.args[0])) from None
        except MalformedResponseError as _error:
            raise _error._redacted()
        generation_output = cls(
            completion,
            reasoning,
        )

        generation_output.additional_properties = d
        return generation_output

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
