"""The Generation model: parsed from JSON by from_dict, written back by to_dict."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import MalformedResponseError
from ..models.api_type import API_TYPE_BY_VALUE, ApiType
from ..models.data_region import DATA_REGION_BY_VALUE, DataRegion
from ..models.finish_reason import FINISH_REASON_BY_VALUE, FinishReason
from ..models.provider_name import PROVIDER_NAME_BY_VALUE, ProviderName
from ..models.service_tier import SERVICE_TIER_BY_VALUE, ServiceTier
from ..types import UNSET, Unset, date_time

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
        if type(src_dict) is not dict and not isinstance(
            src_dict, Mapping
        ):  # json.loads gives dicts: skip the ABC check
            raise MalformedResponseError("expected an object", value=src_dict)
        d = dict(src_dict)
        try:
            api_type = d.pop("api_type")
            if isinstance(api_type, str):
                api_type = API_TYPE_BY_VALUE.get(api_type, api_type)  # an unknown value keeps its text: the set is open
            elif api_type is not None:
                raise MalformedResponseError("expected a string or null", path="api_type", value=api_type)

            app_id = d.pop("app_id")
            if isinstance(app_id, float) and app_id.is_integer():
                app_id = int(app_id)
            elif not ((isinstance(app_id, int) and not isinstance(app_id, bool)) or app_id is None):
                raise MalformedResponseError("expected an integer or null", path="app_id", value=app_id)

            cache_discount = d.pop("cache_discount")
            if isinstance(cache_discount, int) and not isinstance(cache_discount, bool):
                try:
                    cache_discount = float(cache_discount)
                except OverflowError as _error:
                    raise MalformedResponseError(
                        "a number too large for a float", path="cache_discount", value=cache_discount
                    ) from _error
            elif not (isinstance(cache_discount, float) or cache_discount is None):
                raise MalformedResponseError("expected a number or null", path="cache_discount", value=cache_discount)

            cancelled = d.pop("cancelled")
            if not (isinstance(cancelled, bool) or cancelled is None):
                raise MalformedResponseError("expected a boolean or null", path="cancelled", value=cancelled)

            created_at = d.pop("created_at")
            if isinstance(created_at, str):
                try:
                    _created_at_parsed = date_time(created_at)
                except ValueError as _error:
                    raise MalformedResponseError(
                        "expected an RFC 3339 date-time", path="created_at", value=created_at
                    ) from _error
                if _created_at_parsed.tzinfo is None:
                    raise MalformedResponseError(
                        "expected a date-time with a UTC offset", path="created_at", value=created_at
                    )
                created_at = _created_at_parsed
            else:
                raise MalformedResponseError("expected a date-time string", path="created_at", value=created_at)

            external_user = d.pop("external_user")
            if not (isinstance(external_user, str) or external_user is None):
                raise MalformedResponseError("expected a string or null", path="external_user", value=external_user)

            finish_reason = d.pop("finish_reason")
            if isinstance(finish_reason, str):
                finish_reason = FINISH_REASON_BY_VALUE.get(
                    finish_reason, finish_reason
                )  # an unknown value keeps its text: the set is open
            elif finish_reason is not None:
                raise MalformedResponseError("expected a string or null", path="finish_reason", value=finish_reason)

            generation_time = d.pop("generation_time")
            if isinstance(generation_time, int) and not isinstance(generation_time, bool):
                try:
                    generation_time = float(generation_time)
                except OverflowError as _error:
                    raise MalformedResponseError(
                        "a number too large for a float", path="generation_time", value=generation_time
                    ) from _error
            elif not (isinstance(generation_time, float) or generation_time is None):
                raise MalformedResponseError("expected a number or null", path="generation_time", value=generation_time)

            http_referer = d.pop("http_referer")
            if not (isinstance(http_referer, str) or http_referer is None):
                raise MalformedResponseError("expected a string or null", path="http_referer", value=http_referer)

            id = d.pop("id")
            if not isinstance(id, str):
                raise MalformedResponseError("expected a string", path="id", value=id)

            is_byok = d.pop("is_byok")
            if not isinstance(is_byok, bool):
                raise MalformedResponseError("expected a boolean", path="is_byok", value=is_byok)

            latency = d.pop("latency")
            if isinstance(latency, int) and not isinstance(latency, bool):
                try:
                    latency = float(latency)
                except OverflowError as _error:
                    raise MalformedResponseError(
                        "a number too large for a float", path="latency", value=latency
                    ) from _error
            elif not (isinstance(latency, float) or latency is None):
                raise MalformedResponseError("expected a number or null", path="latency", value=latency)

            model = d.pop("model")
            if not isinstance(model, str):
                raise MalformedResponseError("expected a string", path="model", value=model)

            moderation_latency = d.pop("moderation_latency")
            if isinstance(moderation_latency, int) and not isinstance(moderation_latency, bool):
                try:
                    moderation_latency = float(moderation_latency)
                except OverflowError as _error:
                    raise MalformedResponseError(
                        "a number too large for a float", path="moderation_latency", value=moderation_latency
                    ) from _error
            elif not (isinstance(moderation_latency, float) or moderation_latency is None):
                raise MalformedResponseError(
                    "expected a number or null", path="moderation_latency", value=moderation_latency
                )

            native_finish_reason = d.pop("native_finish_reason")
            if not (isinstance(native_finish_reason, str) or native_finish_reason is None):
                raise MalformedResponseError(
                    "expected a string or null", path="native_finish_reason", value=native_finish_reason
                )

            native_tokens_cached = d.pop("native_tokens_cached")
            if isinstance(native_tokens_cached, float) and native_tokens_cached.is_integer():
                native_tokens_cached = int(native_tokens_cached)
            elif not (
                (isinstance(native_tokens_cached, int) and not isinstance(native_tokens_cached, bool))
                or native_tokens_cached is None
            ):
                raise MalformedResponseError(
                    "expected an integer or null", path="native_tokens_cached", value=native_tokens_cached
                )

            native_tokens_completion = d.pop("native_tokens_completion")
            if isinstance(native_tokens_completion, float) and native_tokens_completion.is_integer():
                native_tokens_completion = int(native_tokens_completion)
            elif not (
                (isinstance(native_tokens_completion, int) and not isinstance(native_tokens_completion, bool))
                or native_tokens_completion is None
            ):
                raise MalformedResponseError(
                    "expected an integer or null", path="native_tokens_completion", value=native_tokens_completion
                )

            native_tokens_completion_images = d.pop("native_tokens_completion_images")
            if isinstance(native_tokens_completion_images, float) and native_tokens_completion_images.is_integer():
                native_tokens_completion_images = int(native_tokens_completion_images)
            elif not (
                (
                    isinstance(native_tokens_completion_images, int)
                    and not isinstance(native_tokens_completion_images, bool)
                )
                or native_tokens_completion_images is None
            ):
                raise MalformedResponseError(
                    "expected an integer or null",
                    path="native_tokens_completion_images",
                    value=native_tokens_completion_images,
                )

            native_tokens_prompt = d.pop("native_tokens_prompt")
            if isinstance(native_tokens_prompt, float) and native_tokens_prompt.is_integer():
                native_tokens_prompt = int(native_tokens_prompt)
            elif not (
                (isinstance(native_tokens_prompt, int) and not isinstance(native_tokens_prompt, bool))
                or native_tokens_prompt is None
            ):
                raise MalformedResponseError(
                    "expected an integer or null", path="native_tokens_prompt", value=native_tokens_prompt
                )

            native_tokens_reasoning = d.pop("native_tokens_reasoning")
            if isinstance(native_tokens_reasoning, float) and native_tokens_reasoning.is_integer():
                native_tokens_reasoning = int(native_tokens_reasoning)
            elif not (
                (isinstance(native_tokens_reasoning, int) and not isinstance(native_tokens_reasoning, bool))
                or native_tokens_reasoning is None
            ):
                raise MalformedResponseError(
                    "expected an integer or null", path="native_tokens_reasoning", value=native_tokens_reasoning
                )

            num_fetches = d.pop("num_fetches")
            if isinstance(num_fetches, float) and num_fetches.is_integer():
                num_fetches = int(num_fetches)
            elif not ((isinstance(num_fetches, int) and not isinstance(num_fetches, bool)) or num_fetches is None):
                raise MalformedResponseError("expected an integer or null", path="num_fetches", value=num_fetches)

            num_input_audio_prompt = d.pop("num_input_audio_prompt")
            if isinstance(num_input_audio_prompt, float) and num_input_audio_prompt.is_integer():
                num_input_audio_prompt = int(num_input_audio_prompt)
            elif not (
                (isinstance(num_input_audio_prompt, int) and not isinstance(num_input_audio_prompt, bool))
                or num_input_audio_prompt is None
            ):
                raise MalformedResponseError(
                    "expected an integer or null", path="num_input_audio_prompt", value=num_input_audio_prompt
                )

            num_media_completion = d.pop("num_media_completion")
            if isinstance(num_media_completion, float) and num_media_completion.is_integer():
                num_media_completion = int(num_media_completion)
            elif not (
                (isinstance(num_media_completion, int) and not isinstance(num_media_completion, bool))
                or num_media_completion is None
            ):
                raise MalformedResponseError(
                    "expected an integer or null", path="num_media_completion", value=num_media_completion
                )

            num_media_prompt = d.pop("num_media_prompt")
            if isinstance(num_media_prompt, float) and num_media_prompt.is_integer():
                num_media_prompt = int(num_media_prompt)
            elif not (
                (isinstance(num_media_prompt, int) and not isinstance(num_media_prompt, bool))
                or num_media_prompt is None
            ):
                raise MalformedResponseError(
                    "expected an integer or null", path="num_media_prompt", value=num_media_prompt
                )

            num_search_results = d.pop("num_search_results")
            if isinstance(num_search_results, float) and num_search_results.is_integer():
                num_search_results = int(num_search_results)
            elif not (
                (isinstance(num_search_results, int) and not isinstance(num_search_results, bool))
                or num_search_results is None
            ):
                raise MalformedResponseError(
                    "expected an integer or null", path="num_search_results", value=num_search_results
                )

            origin = d.pop("origin")
            if not isinstance(origin, str):
                raise MalformedResponseError("expected a string", path="origin", value=origin)

            provider_name = d.pop("provider_name")
            if isinstance(provider_name, str):
                provider_name = PROVIDER_NAME_BY_VALUE.get(
                    provider_name, provider_name
                )  # an unknown value keeps its text: the set is open
            elif provider_name is not None:
                raise MalformedResponseError("expected a string or null", path="provider_name", value=provider_name)

            provider_responses = d.pop("provider_responses")
            if isinstance(provider_responses, list):
                _provider_responses_list: list[ProviderResponse] = []
                for _provider_responses_index, _provider_responses_item in enumerate(provider_responses):
                    if isinstance(_provider_responses_item, dict):
                        try:
                            _provider_responses_item = ProviderResponse.from_dict(_provider_responses_item)
                        except MalformedResponseError as _error:
                            raise _error._under(f"provider_responses[{_provider_responses_index}]")
                    else:
                        raise MalformedResponseError(
                            "expected an object",
                            path=f"provider_responses[{_provider_responses_index}]",
                            value=_provider_responses_item,
                        )

                    _provider_responses_list.append(_provider_responses_item)
                provider_responses = _provider_responses_list
            elif provider_responses is not None:
                raise MalformedResponseError(
                    "expected an array or null", path="provider_responses", value=provider_responses
                )

            router = d.pop("router")
            if not (isinstance(router, str) or router is None):
                raise MalformedResponseError("expected a string or null", path="router", value=router)

            service_tier = d.pop("service_tier")
            if isinstance(service_tier, str):
                service_tier = SERVICE_TIER_BY_VALUE.get(
                    service_tier, service_tier
                )  # an unknown value keeps its text: the set is open
            elif service_tier is not None:
                raise MalformedResponseError("expected a string or null", path="service_tier", value=service_tier)

            streamed = d.pop("streamed")
            if not (isinstance(streamed, bool) or streamed is None):
                raise MalformedResponseError("expected a boolean or null", path="streamed", value=streamed)

            tokens_completion = d.pop("tokens_completion")
            if isinstance(tokens_completion, float) and tokens_completion.is_integer():
                tokens_completion = int(tokens_completion)
            elif not (
                (isinstance(tokens_completion, int) and not isinstance(tokens_completion, bool))
                or tokens_completion is None
            ):
                raise MalformedResponseError(
                    "expected an integer or null", path="tokens_completion", value=tokens_completion
                )

            tokens_prompt = d.pop("tokens_prompt")
            if isinstance(tokens_prompt, float) and tokens_prompt.is_integer():
                tokens_prompt = int(tokens_prompt)
            elif not (
                (isinstance(tokens_prompt, int) and not isinstance(tokens_prompt, bool)) or tokens_prompt is None
            ):
                raise MalformedResponseError("expected an integer or null", path="tokens_prompt", value=tokens_prompt)

            total_cost = d.pop("total_cost")
            if isinstance(total_cost, int) and not isinstance(total_cost, bool):
                try:
                    total_cost = float(total_cost)
                except OverflowError as _error:
                    raise MalformedResponseError(
                        "a number too large for a float", path="total_cost", value=total_cost
                    ) from _error
            elif not isinstance(total_cost, float):
                raise MalformedResponseError("expected a number", path="total_cost", value=total_cost)

            upstream_id = d.pop("upstream_id")
            if not (isinstance(upstream_id, str) or upstream_id is None):
                raise MalformedResponseError("expected a string or null", path="upstream_id", value=upstream_id)

            upstream_inference_cost = d.pop("upstream_inference_cost")
            if isinstance(upstream_inference_cost, int) and not isinstance(upstream_inference_cost, bool):
                try:
                    upstream_inference_cost = float(upstream_inference_cost)
                except OverflowError as _error:
                    raise MalformedResponseError(
                        "a number too large for a float", path="upstream_inference_cost", value=upstream_inference_cost
                    ) from _error
            elif not (isinstance(upstream_inference_cost, float) or upstream_inference_cost is None):
                raise MalformedResponseError(
                    "expected a number or null", path="upstream_inference_cost", value=upstream_inference_cost
                )

            usage = d.pop("usage")
            if isinstance(usage, int) and not isinstance(usage, bool):
                try:
                    usage = float(usage)
                except OverflowError as _error:
                    raise MalformedResponseError(
                        "a number too large for a float", path="usage", value=usage
                    ) from _error
            elif not isinstance(usage, float):
                raise MalformedResponseError("expected a number", path="usage", value=usage)

            user_agent = d.pop("user_agent")
            if not (isinstance(user_agent, str) or user_agent is None):
                raise MalformedResponseError("expected a string or null", path="user_agent", value=user_agent)

            web_search_engine = d.pop("web_search_engine")
            if not (isinstance(web_search_engine, str) or web_search_engine is None):
                raise MalformedResponseError(
                    "expected a string or null", path="web_search_engine", value=web_search_engine
                )

            data_region = d.pop("data_region", UNSET)
            if isinstance(data_region, str):
                data_region = DATA_REGION_BY_VALUE.get(
                    data_region, data_region
                )  # an unknown value keeps its text: the set is open
            elif not isinstance(data_region, Unset):
                raise MalformedResponseError("expected a string", path="data_region", value=data_region)

            preset_id = d.pop("preset_id", UNSET)
            if not (isinstance(preset_id, str) or preset_id is None or isinstance(preset_id, Unset)):
                raise MalformedResponseError("expected a string or null", path="preset_id", value=preset_id)

            request_id = d.pop("request_id", UNSET)
            if not (isinstance(request_id, str) or request_id is None or isinstance(request_id, Unset)):
                raise MalformedResponseError("expected a string or null", path="request_id", value=request_id)

            response_cache_source_id = d.pop("response_cache_source_id", UNSET)
            if not (
                isinstance(response_cache_source_id, str)
                or response_cache_source_id is None
                or isinstance(response_cache_source_id, Unset)
            ):
                raise MalformedResponseError(
                    "expected a string or null", path="response_cache_source_id", value=response_cache_source_id
                )

            session_id = d.pop("session_id", UNSET)
            if not (isinstance(session_id, str) or session_id is None or isinstance(session_id, Unset)):
                raise MalformedResponseError("expected a string or null", path="session_id", value=session_id)

            workspace_id = d.pop("workspace_id", UNSET)
            if not (isinstance(workspace_id, str) or workspace_id is None or isinstance(workspace_id, Unset)):
                raise MalformedResponseError("expected a string or null", path="workspace_id", value=workspace_id)

        except KeyError as _missing:
            raise MalformedResponseError("required field is missing", path=str(_missing.args[0])) from None
        generation = cls(
            api_type,
            app_id,
            cache_discount,
            cancelled,
            created_at,
            external_user,
            finish_reason,
            generation_time,
            http_referer,
            id,
            is_byok,
            latency,
            model,
            moderation_latency,
            native_finish_reason,
            native_tokens_cached,
            native_tokens_completion,
            native_tokens_completion_images,
            native_tokens_prompt,
            native_tokens_reasoning,
            num_fetches,
            num_input_audio_prompt,
            num_media_completion,
            num_media_prompt,
            num_search_results,
            origin,
            provider_name,
            provider_responses,
            router,
            service_tier,
            streamed,
            tokens_completion,
            tokens_prompt,
            total_cost,
            upstream_id,
            upstream_inference_cost,
            usage,
            user_agent,
            web_search_engine,
            data_region,
            preset_id,
            request_id,
            response_cache_source_id,
            session_id,
            workspace_id,
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


# Imported last, once this module's class exists, so an import cycle between models cannot fail.
from ..models.provider_response import ProviderResponse  # noqa: E402
