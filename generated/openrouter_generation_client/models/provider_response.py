"""The ProviderResponse model: parsed from JSON by from_dict, written back by to_dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import MalformedResponseError
from ..models.provider_name import PROVIDER_NAME_BY_VALUE, ProviderName
from ..models.service_tier import SERVICE_TIER_BY_VALUE, ServiceTier
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProviderResponse")


@_attrs_define
class ProviderResponse:
    """One provider attempt of a generation, fallbacks included.

    Attributes:
        status (int | None): HTTP status code the provider answered with.
        endpoint_id (str | Unset): Internal endpoint identifier.
        id (str | Unset): Upstream provider's response identifier.
        is_byok (bool | Unset): Whether the attempt used bring-your-own-key.
        latency (float | Unset): Latency of the attempt, in milliseconds.
        model_permaslug (str | Unset): Canonical model slug.
        provider_name (ProviderName | str | Unset): Name of the provider (open set).
        routed_service_tier (ServiceTier | str | Unset): Service tier the request was routed to; the billed tier may
            differ (open set).
    """

    status: int | None
    endpoint_id: str | Unset = UNSET
    id: str | Unset = UNSET
    is_byok: bool | Unset = UNSET
    latency: float | Unset = UNSET
    model_permaslug: str | Unset = UNSET
    provider_name: ProviderName | str | Unset = UNSET
    routed_service_tier: ServiceTier | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: int | None
        status = self.status

        endpoint_id = self.endpoint_id

        id = self.id

        is_byok = self.is_byok

        latency = self.latency

        model_permaslug = self.model_permaslug

        provider_name: str | Unset
        if isinstance(self.provider_name, Unset):
            provider_name = UNSET
        elif isinstance(self.provider_name, ProviderName):
            provider_name = self.provider_name.value
        else:
            provider_name = self.provider_name

        routed_service_tier: str | Unset
        if isinstance(self.routed_service_tier, Unset):
            routed_service_tier = UNSET
        elif isinstance(self.routed_service_tier, ServiceTier):
            routed_service_tier = self.routed_service_tier.value
        else:
            routed_service_tier = self.routed_service_tier

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )
        if endpoint_id is not UNSET:
            field_dict["endpoint_id"] = endpoint_id
        if id is not UNSET:
            field_dict["id"] = id
        if is_byok is not UNSET:
            field_dict["is_byok"] = is_byok
        if latency is not UNSET:
            field_dict["latency"] = latency
        if model_permaslug is not UNSET:
            field_dict["model_permaslug"] = model_permaslug
        if provider_name is not UNSET:
            field_dict["provider_name"] = provider_name
        if routed_service_tier is not UNSET:
            field_dict["routed_service_tier"] = routed_service_tier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(
            src_dict, Mapping
        ):  # json.loads gives dicts: skip the ABC check
            raise MalformedResponseError("expected an object", value=src_dict)
        d = dict(src_dict)
        try:
            status = d.pop("status")
            if isinstance(status, float) and status.is_integer():
                status = int(status)
            elif not ((isinstance(status, int) and not isinstance(status, bool)) or status is None):
                raise MalformedResponseError("expected an integer or null", path="status", value=status)

            endpoint_id = d.pop("endpoint_id", UNSET)
            if not (isinstance(endpoint_id, str) or isinstance(endpoint_id, Unset)):
                raise MalformedResponseError("expected a string", path="endpoint_id", value=endpoint_id)

            id = d.pop("id", UNSET)
            if not (isinstance(id, str) or isinstance(id, Unset)):
                raise MalformedResponseError("expected a string", path="id", value=id)

            is_byok = d.pop("is_byok", UNSET)
            if not (isinstance(is_byok, bool) or isinstance(is_byok, Unset)):
                raise MalformedResponseError("expected a boolean", path="is_byok", value=is_byok)

            latency = d.pop("latency", UNSET)
            if isinstance(latency, int) and not isinstance(latency, bool):
                try:
                    latency = float(latency)
                except OverflowError as _error:
                    raise MalformedResponseError(
                        "a number too large for a float", path="latency", value=latency
                    ) from _error
            elif not (isinstance(latency, float) or isinstance(latency, Unset)):
                raise MalformedResponseError("expected a number", path="latency", value=latency)

            model_permaslug = d.pop("model_permaslug", UNSET)
            if not (isinstance(model_permaslug, str) or isinstance(model_permaslug, Unset)):
                raise MalformedResponseError("expected a string", path="model_permaslug", value=model_permaslug)

            provider_name = d.pop("provider_name", UNSET)
            if isinstance(provider_name, str):
                provider_name = PROVIDER_NAME_BY_VALUE.get(
                    provider_name, provider_name
                )  # an unknown value keeps its text: the set is open
            elif not isinstance(provider_name, Unset):
                raise MalformedResponseError("expected a string", path="provider_name", value=provider_name)

            routed_service_tier = d.pop("routed_service_tier", UNSET)
            if isinstance(routed_service_tier, str):
                routed_service_tier = SERVICE_TIER_BY_VALUE.get(
                    routed_service_tier, routed_service_tier
                )  # an unknown value keeps its text: the set is open
            elif not isinstance(routed_service_tier, Unset):
                raise MalformedResponseError("expected a string", path="routed_service_tier", value=routed_service_tier)

        except KeyError as _missing:
            raise MalformedResponseError("required field is missing", path=str(_missing.args[0])) from None
        provider_response = cls(
            status,
            endpoint_id,
            id,
            is_byok,
            latency,
            model_permaslug,
            provider_name,
            routed_service_tier,
        )

        provider_response.additional_properties = d
        return provider_response

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
