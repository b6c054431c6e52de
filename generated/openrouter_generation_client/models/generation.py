from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.api_type import ApiType
from ..models.data_region import DataRegion
from ..models.finish_reason import FinishReason
from ..models.provider_name import ProviderName
from ..models.service_tier import ServiceTier
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.provider_response import ProviderResponse


T = TypeVar("T", bound="Generation")


@_attrs_define
class Generation:
    """Request and usage metadata of one generation.

    Attributes:
        api_type (ApiType | None | str): Type of API used for the generation (open set).
        app_id (int | None): ID of the app that made the request.
        cache_discount (float | None): Discount applied due to caching, in USD.
        cancelled (bool | None): Whether the generation was cancelled.
        created_at (datetime.datetime): When the generation was created (ISO 8601 with offset).
        external_user (None | str): External user identifier sent with the request.
        finish_reason (FinishReason | None | str): Normalized reason the generation finished (open set).
        generation_time (float | None): Time taken for generation, in milliseconds.
        http_referer (None | str): Referer header of the request.
        id (str): Unique identifier of the generation.
        is_byok (bool): Whether the request used bring-your-own-key.
        latency (float | None): Total latency, in milliseconds.
        model (str): Model used for the generation.
        moderation_latency (float | None): Moderation latency, in milliseconds.
        native_finish_reason (None | str): Finish reason as reported by the provider, verbatim.
        native_tokens_cached (int | None): Cached prompt tokens, as counted by the provider.
        native_tokens_completion (int | None): Completion tokens, as counted by the provider.
        native_tokens_completion_images (int | None): Completion image tokens, as counted by the provider.
        native_tokens_prompt (int | None): Prompt tokens, as counted by the provider.
        native_tokens_reasoning (int | None): Reasoning tokens, as counted by the provider.
        num_fetches (int | None): Number of web fetches performed.
        num_input_audio_prompt (int | None): Number of audio inputs in the prompt.
        num_media_completion (int | None): Number of media items in the completion.
        num_media_prompt (int | None): Number of media items in the prompt.
        num_search_results (int | None): Number of web search results included.
        origin (str): Origin URL of the request.
        provider_name (None | ProviderName | str): Name of the provider that served the request (open set).
        provider_responses (list[ProviderResponse] | None): Responses of each provider tried, fallback attempts
            included.
        router (None | str): Router used for the request (e.g. openrouter/auto).
        service_tier (None | ServiceTier | str): Service tier the upstream provider reported running the request on
            (open set).
        streamed (bool | None): Whether the response was streamed.
        tokens_completion (int | None): Completion tokens, as normalized by OpenRouter.
        tokens_prompt (int | None): Prompt tokens, as normalized by OpenRouter.
        total_cost (float): Total cost of the generation, in USD.
        upstream_id (None | str): The upstream provider's identifier of the generation.
        upstream_inference_cost (float | None): Cost charged by the upstream provider, in USD (BYOK).
        usage (float): Usage amount charged, in USD.
        user_agent (None | str): User-Agent header of the request.
        web_search_engine (None | str): Web search engine used (e.g. exa, firecrawl, parallel).
        data_region (DataRegion | str | Unset): Data region the generation was routed through (open set).
        preset_id (None | str | Unset): ID of the preset used, null when no preset was used.
        request_id (None | str | Unset): Identifier grouping all generations of one API request.
        response_cache_source_id (None | str | Unset): ID of the original generation when served from the response
            cache.
        session_id (None | str | Unset): Identifier grouping the generations of one session.
        workspace_id (None | str | Unset): Workspace the generation is attributed to; null without workspaces.
    """

    api_type: ApiType | None | str
    app_id: int | None
    cache_discount: float | None
    cancelled: bool | None
    created_at: datetime.datetime
    external_user: None | str
    finish_reason: FinishReason | None | str
    generation_time: float | None
    http_referer: None | str
    id: str
    is_byok: bool
    latency: float | None
    model: str
    moderation_latency: float | None
    native_finish_reason: None | str
    native_tokens_cached: int | None
    native_tokens_completion: int | None
    native_tokens_completion_images: int | None
    native_tokens_prompt: int | None
    native_tokens_reasoning: int | None
    num_fetches: int | None
    num_input_audio_prompt: int | None
    num_media_completion: int | None
    num_media_prompt: int | None
    num_search_results: int | None
    origin: str
    provider_name: None | ProviderName | str
    provider_responses: list[ProviderResponse] | None
    router: None | str
    service_tier: None | ServiceTier | str
    streamed: bool | None
    tokens_completion: int | None
    tokens_prompt: int | None
    total_cost: float
    upstream_id: None | str
    upstream_inference_cost: float | None
    usage: float
    user_agent: None | str
    web_search_engine: None | str
    data_region: DataRegion | str | Unset = UNSET
    preset_id: None | str | Unset = UNSET
    request_id: None | str | Unset = UNSET
    response_cache_source_id: None | str | Unset = UNSET
    session_id: None | str | Unset = UNSET
    workspace_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        api_type: None | str
        if isinstance(self.api_type, ApiType):
            api_type = self.api_type.value
        else:
            api_type = self.api_type

        app_id: int | None
        app_id = self.app_id

        cache_discount: float | None
        cache_discount = self.cache_discount

        cancelled: bool | None
        cancelled = self.cancelled

        created_at = self.created_at.isoformat()

        external_user: None | str
        external_user = self.external_user

        finish_reason: None | str
        if isinstance(self.finish_reason, FinishReason):
            finish_reason = self.finish_reason.value
        else:
            finish_reason = self.finish_reason

        generation_time: float | None
        generation_time = self.generation_time

        http_referer: None | str
        http_referer = self.http_referer

        id = self.id

        is_byok = self.is_byok

        latency: float | None
        latency = self.latency

        model = self.model

        moderation_latency: float | None
        moderation_latency = self.moderation_latency

        native_finish_reason: None | str
        native_finish_reason = self.native_finish_reason

        native_tokens_cached: int | None
        native_tokens_cached = self.native_tokens_cached

        native_tokens_completion: int | None
        native_tokens_completion = self.native_tokens_completion

        native_tokens_completion_images: int | None
        native_tokens_completion_images = self.native_tokens_completion_images

        native_tokens_prompt: int | None
        native_tokens_prompt = self.native_tokens_prompt

        native_tokens_reasoning: int | None
        native_tokens_reasoning = self.native_tokens_reasoning

        num_fetches: int | None
        num_fetches = self.num_fetches

        num_input_audio_prompt: int | None
        num_input_audio_prompt = self.num_input_audio_prompt

        num_media_completion: int | None
        num_media_completion = self.num_media_completion

        num_media_prompt: int | None
        num_media_prompt = self.num_media_prompt

        num_search_results: int | None
        num_search_results = self.num_search_results

        origin = self.origin

        provider_name: None | str
        if isinstance(self.provider_name, ProviderName):
            provider_name = self.provider_name.value
        else:
            provider_name = self.provider_name

        provider_responses: list[dict[str, Any]] | None
        if isinstance(self.provider_responses, list):
            provider_responses = []
            for provider_responses_type_0_item_data in self.provider_responses:
                provider_responses_type_0_item = provider_responses_type_0_item_data.to_dict()
                provider_responses.append(provider_responses_type_0_item)

        else:
            provider_responses = self.provider_responses

        router: None | str
        router = self.router

        service_tier: None | str
        if isinstance(self.service_tier, ServiceTier):
            service_tier = self.service_tier.value
        else:
            service_tier = self.service_tier

        streamed: bool | None
        streamed = self.streamed

        tokens_completion: int | None
        tokens_completion = self.tokens_completion

        tokens_prompt: int | None
        tokens_prompt = self.tokens_prompt

        total_cost = self.total_cost

        upstream_id: None | str
        upstream_id = self.upstream_id

        upstream_inference_cost: float | None
        upstream_inference_cost = self.upstream_inference_cost

        usage = self.usage

        user_agent: None | str
        user_agent = self.user_agent

        web_search_engine: None | str
        web_search_engine = self.web_search_engine

        data_region: str | Unset
        if isinstance(self.data_region, Unset):
            data_region = UNSET
        elif isinstance(self.data_region, DataRegion):
            data_region = self.data_region.value
        else:
            data_region = self.data_region

        preset_id: None | str | Unset
        if isinstance(self.preset_id, Unset):
            preset_id = UNSET
        else:
            preset_id = self.preset_id

        request_id: None | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id

        response_cache_source_id: None | str | Unset
        if isinstance(self.response_cache_source_id, Unset):
            response_cache_source_id = UNSET
        else:
            response_cache_source_id = self.response_cache_source_id

        session_id: None | str | Unset
        if isinstance(self.session_id, Unset):
            session_id = UNSET
        else:
            session_id = self.session_id

        workspace_id: None | str | Unset
        if isinstance(self.workspace_id, Unset):
            workspace_id = UNSET
        else:
            workspace_id = self.workspace_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "api_type": api_type,
                "app_id": app_id,
                "cache_discount": cache_discount,
                "cancelled": cancelled,
                "created_at": created_at,
                "external_user": external_user,
                "finish_reason": finish_reason,
                "generation_time": generation_time,
                "http_referer": http_referer,
                "id": id,
                "is_byok": is_byok,
                "latency": latency,
                "model": model,
                "moderation_latency": moderation_latency,
                "native_finish_reason": native_finish_reason,
                "native_tokens_cached": native_tokens_cached,
                "native_tokens_completion": native_tokens_completion,
                "native_tokens_completion_images": native_tokens_completion_images,
                "native_tokens_prompt": native_tokens_prompt,
                "native_tokens_reasoning": native_tokens_reasoning,
                "num_fetches": num_fetches,
                "num_input_audio_prompt": num_input_audio_prompt,
                "num_media_completion": num_media_completion,
                "num_media_prompt": num_media_prompt,
                "num_search_results": num_search_results,
                "origin": origin,
                "provider_name": provider_name,
                "provider_responses": provider_responses,
                "router": router,
                "service_tier": service_tier,
                "streamed": streamed,
                "tokens_completion": tokens_completion,
                "tokens_prompt": tokens_prompt,
                "total_cost": total_cost,
                "upstream_id": upstream_id,
                "upstream_inference_cost": upstream_inference_cost,
                "usage": usage,
                "user_agent": user_agent,
                "web_search_engine": web_search_engine,
            }
        )
        if data_region is not UNSET:
            field_dict["data_region"] = data_region
        if preset_id is not UNSET:
            field_dict["preset_id"] = preset_id
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if response_cache_source_id is not UNSET:
            field_dict["response_cache_source_id"] = response_cache_source_id
        if session_id is not UNSET:
            field_dict["session_id"] = session_id
        if workspace_id is not UNSET:
            field_dict["workspace_id"] = workspace_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.provider_response import ProviderResponse  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_api_type(data: object) -> ApiType | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                api_type_type_0 = ApiType(data)

                return api_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApiType | None | str, data)

        api_type = _parse_api_type(d.pop("api_type"))

        def _parse_app_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        app_id = _parse_app_id(d.pop("app_id"))

        def _parse_cache_discount(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cache_discount = _parse_cache_discount(d.pop("cache_discount"))

        def _parse_cancelled(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        cancelled = _parse_cancelled(d.pop("cancelled"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_external_user(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_user = _parse_external_user(d.pop("external_user"))

        def _parse_finish_reason(data: object) -> FinishReason | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finish_reason_type_0 = FinishReason(data)

                return finish_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FinishReason | None | str, data)

        finish_reason = _parse_finish_reason(d.pop("finish_reason"))

        def _parse_generation_time(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        generation_time = _parse_generation_time(d.pop("generation_time"))

        def _parse_http_referer(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        http_referer = _parse_http_referer(d.pop("http_referer"))

        id = d.pop("id")

        is_byok = d.pop("is_byok")

        def _parse_latency(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        latency = _parse_latency(d.pop("latency"))

        model = d.pop("model")

        def _parse_moderation_latency(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        moderation_latency = _parse_moderation_latency(d.pop("moderation_latency"))

        def _parse_native_finish_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        native_finish_reason = _parse_native_finish_reason(d.pop("native_finish_reason"))

        def _parse_native_tokens_cached(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        native_tokens_cached = _parse_native_tokens_cached(d.pop("native_tokens_cached"))

        def _parse_native_tokens_completion(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        native_tokens_completion = _parse_native_tokens_completion(d.pop("native_tokens_completion"))

        def _parse_native_tokens_completion_images(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        native_tokens_completion_images = _parse_native_tokens_completion_images(
            d.pop("native_tokens_completion_images")
        )

        def _parse_native_tokens_prompt(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        native_tokens_prompt = _parse_native_tokens_prompt(d.pop("native_tokens_prompt"))

        def _parse_native_tokens_reasoning(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        native_tokens_reasoning = _parse_native_tokens_reasoning(d.pop("native_tokens_reasoning"))

        def _parse_num_fetches(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        num_fetches = _parse_num_fetches(d.pop("num_fetches"))

        def _parse_num_input_audio_prompt(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        num_input_audio_prompt = _parse_num_input_audio_prompt(d.pop("num_input_audio_prompt"))

        def _parse_num_media_completion(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        num_media_completion = _parse_num_media_completion(d.pop("num_media_completion"))

        def _parse_num_media_prompt(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        num_media_prompt = _parse_num_media_prompt(d.pop("num_media_prompt"))

        def _parse_num_search_results(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        num_search_results = _parse_num_search_results(d.pop("num_search_results"))

        origin = d.pop("origin")

        def _parse_provider_name(data: object) -> None | ProviderName | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                provider_name_type_0 = ProviderName(data)

                return provider_name_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProviderName | str, data)

        provider_name = _parse_provider_name(d.pop("provider_name"))

        def _parse_provider_responses(data: object) -> list[ProviderResponse] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                provider_responses_type_0 = []
                _provider_responses_type_0 = data
                for provider_responses_type_0_item_data in _provider_responses_type_0:
                    provider_responses_type_0_item = ProviderResponse.from_dict(provider_responses_type_0_item_data)

                    provider_responses_type_0.append(provider_responses_type_0_item)

                return provider_responses_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProviderResponse] | None, data)

        provider_responses = _parse_provider_responses(d.pop("provider_responses"))

        def _parse_router(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        router = _parse_router(d.pop("router"))

        def _parse_service_tier(data: object) -> None | ServiceTier | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                service_tier_type_0 = ServiceTier(data)

                return service_tier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ServiceTier | str, data)

        service_tier = _parse_service_tier(d.pop("service_tier"))

        def _parse_streamed(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        streamed = _parse_streamed(d.pop("streamed"))

        def _parse_tokens_completion(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        tokens_completion = _parse_tokens_completion(d.pop("tokens_completion"))

        def _parse_tokens_prompt(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        tokens_prompt = _parse_tokens_prompt(d.pop("tokens_prompt"))

        total_cost = d.pop("total_cost")

        def _parse_upstream_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        upstream_id = _parse_upstream_id(d.pop("upstream_id"))

        def _parse_upstream_inference_cost(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        upstream_inference_cost = _parse_upstream_inference_cost(d.pop("upstream_inference_cost"))

        usage = d.pop("usage")

        def _parse_user_agent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_agent = _parse_user_agent(d.pop("user_agent"))

        def _parse_web_search_engine(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        web_search_engine = _parse_web_search_engine(d.pop("web_search_engine"))

        def _parse_data_region(data: object) -> DataRegion | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                data_region_type_0 = DataRegion(data)

                return data_region_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DataRegion | str | Unset, data)

        data_region = _parse_data_region(d.pop("data_region", UNSET))

        def _parse_preset_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preset_id = _parse_preset_id(d.pop("preset_id", UNSET))

        def _parse_request_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_id = _parse_request_id(d.pop("request_id", UNSET))

        def _parse_response_cache_source_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        response_cache_source_id = _parse_response_cache_source_id(d.pop("response_cache_source_id", UNSET))

        def _parse_session_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        session_id = _parse_session_id(d.pop("session_id", UNSET))

        def _parse_workspace_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        workspace_id = _parse_workspace_id(d.pop("workspace_id", UNSET))

        generation = cls(
            api_type=api_type,
            app_id=app_id,
            cache_discount=cache_discount,
            cancelled=cancelled,
            created_at=created_at,
            external_user=external_user,
            finish_reason=finish_reason,
            generation_time=generation_time,
            http_referer=http_referer,
            id=id,
            is_byok=is_byok,
            latency=latency,
            model=model,
            moderation_latency=moderation_latency,
            native_finish_reason=native_finish_reason,
            native_tokens_cached=native_tokens_cached,
            native_tokens_completion=native_tokens_completion,
            native_tokens_completion_images=native_tokens_completion_images,
            native_tokens_prompt=native_tokens_prompt,
            native_tokens_reasoning=native_tokens_reasoning,
            num_fetches=num_fetches,
            num_input_audio_prompt=num_input_audio_prompt,
            num_media_completion=num_media_completion,
            num_media_prompt=num_media_prompt,
            num_search_results=num_search_results,
            origin=origin,
            provider_name=provider_name,
            provider_responses=provider_responses,
            router=router,
            service_tier=service_tier,
            streamed=streamed,
            tokens_completion=tokens_completion,
            tokens_prompt=tokens_prompt,
            total_cost=total_cost,
            upstream_id=upstream_id,
            upstream_inference_cost=upstream_inference_cost,
            usage=usage,
            user_agent=user_agent,
            web_search_engine=web_search_engine,
            data_region=data_region,
            preset_id=preset_id,
            request_id=request_id,
            response_cache_source_id=response_cache_source_id,
            session_id=session_id,
            workspace_id=workspace_id,
        )

        generation.additional_properties = d
        return generation

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
