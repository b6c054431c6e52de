"""The GenerationContent model: parsed from JSON by from_dict, written back by to_dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import MalformedResponseError
from ..types import redact, redacted_repr

T = TypeVar("T", bound="GenerationContent")


@_attrs_define
class GenerationContent:
    """Stored input, output and error of one generation (the user's own data).

    Attributes:
        input_ (MessagesInput | PromptInput): What was sent, a plain prompt or a list of chat messages (`anyOf`, as
            upstream describes it: a body carrying both keys is valid, and parses as the first, a PromptInput, with
            `messages` kept as an unknown field).
        output (GenerationOutput): What the model produced.
        error (GenerationFailure | None): The error the generation ended with; null when it succeeded.
    """

    input_: MessagesInput | PromptInput = _attrs_field(repr=redacted_repr)
    output: GenerationOutput = _attrs_field(repr=redacted_repr)
    error: GenerationFailure | None = _attrs_field(repr=redacted_repr)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=redacted_repr)

    def to_dict(self) -> dict[str, Any]:
        input_: dict[str, Any]
        if isinstance(self.input_, PromptInput):
            input_ = self.input_.to_dict()
        else:
            input_ = self.input_.to_dict()

        output = self.output.to_dict()

        error: dict[str, Any] | None
        if isinstance(self.error, GenerationFailure):
            error = self.error.to_dict()
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "input": input_,
                "output": output,
                "error": error,
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
            input_ = d.pop("input")
            if isinstance(input_, dict):
                try:
                    input_ = PromptInput.from_dict(input_)
                except MalformedResponseError as _input__error_0:
                    try:
                        input_ = MessagesInput.from_dict(input_)
                    except MalformedResponseError as _input__error_1:
                        raise MalformedResponseError._no_branch(
                            "input",
                            input_,
                            {
                                "PromptInput": _input__error_0,
                                "MessagesInput": _input__error_1,
                            },
                        ) from None
            else:
                raise MalformedResponseError("expected an object", path="input", value=input_)

            output = d.pop("output")
            if isinstance(output, dict):
                try:
                    output = GenerationOutput.from_dict(output)
                except MalformedResponseError as _error:
                    raise _error._under("output")
            else:
                raise MalformedResponseError("expected an object", path="output", value=output)

            error = d.pop("error")
            if isinstance(error, dict):
                try:
                    error = GenerationFailure.from_dict(error)
                except MalformedResponseError as _error:
                    raise _error._under("error")
            elif error is not None:
                raise MalformedResponseError("expected an object or null", path="error", value=error)

        except KeyError as _missing:
            raise MalformedResponseError("required field is missing", path=str(_missing.args[0])) from None
        except MalformedResponseError as _error:
            raise _error._redacted()
        generation_content = cls(
            input_,
            output,
            error,
        )

        generation_content.additional_properties = d
        return generation_content

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
from ..models.generation_failure import GenerationFailure  # noqa: E402
from ..models.generation_output import GenerationOutput  # noqa: E402
from ..models.messages_input import MessagesInput  # noqa: E402
from ..models.prompt_input import PromptInput  # noqa: E402
