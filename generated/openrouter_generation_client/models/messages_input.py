"""The MessagesInput model: parsed from JSON by from_dict, written back by to_dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import MalformedResponseError
from ..types import redact, redacted_repr

T = TypeVar("T", bound="MessagesInput")


@_attrs_define
class MessagesInput:
    """The input was a list of chat messages, each stored as sent.

    Attributes:
        messages (list[Any]): The chat messages, in order; each is any JSON value.
    """

    messages: list[Any] = _attrs_field(repr=redacted_repr)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_repr)

    def to_dict(self) -> dict[str, Any]:
        messages = self.messages

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "messages": messages,
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
            messages = d.pop("messages")
            if isinstance(messages, list):
                _messages_list: list[Any] = []
                for _messages_index, _messages_item in enumerate(messages):
                    _messages_list.append(_messages_item)
                messages = _messages_list
            else:
                raise MalformedResponseError("expected an array", path="messages", value=messages)

        except KeyError as _missing:
            raise MalformedResponseError("required field is missing", path=str(_missing.args[0])) from None
        except MalformedResponseError as _error:
            raise _error._redacted()
        messages_input = cls(
            messages,
        )

        messages_input.additional_properties = d
        return messages_input

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
