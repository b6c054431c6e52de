from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.provider_name import ProviderName
from ..models.service_tier import ServiceTier
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
        d = dict(src_dict)

        def _parse_status(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status = _parse_status(d.pop("status"))

        endpoint_id = d.pop("endpoint_id", UNSET)

        id = d.pop("id", UNSET)

        is_byok = d.pop("is_byok", UNSET)

        latency = d.pop("latency", UNSET)

        model_permaslug = d.pop("model_permaslug", UNSET)

        def _parse_provider_name(data: object) -> ProviderName | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                provider_name_type_0 = ProviderName(data)

                return provider_name_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ProviderName | str | Unset, data)

        provider_name = _parse_provider_name(d.pop("provider_name", UNSET))

        def _parse_routed_service_tier(data: object) -> ServiceTier | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                routed_service_tier_type_0 = ServiceTier(data)

                return routed_service_tier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ServiceTier | str | Unset, data)

        routed_service_tier = _parse_routed_service_tier(d.pop("routed_service_tier", UNSET))

        provider_response = cls(
            status=status,
            endpoint_id=endpoint_id,
            id=id,
            is_byok=is_byok,
            latency=latency,
            model_permaslug=model_permaslug,
            provider_name=provider_name,
            routed_service_tier=routed_service_tier,
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
