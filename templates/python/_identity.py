"""Who is calling: the package's User-Agent and OpenRouter's optional app attribution headers
(``HTTP-Referer``, ``X-OpenRouter-Title``, ``X-OpenRouter-Categories``), which the official SDKs
send too. The client options ``user_agent=``, ``app_url=``, ``app_title=`` and
``app_categories=`` hold them; the client sends them on every request."""

from collections.abc import Iterable
from typing import Any, Final

from .errors import InvalidOptionError

# Each attribution option of the client and the header OpenRouter reads it from.
ATTRIBUTION_HEADERS: Final = {
    "app_url": "HTTP-Referer",
    "app_title": "X-OpenRouter-Title",
    "app_categories": "X-OpenRouter-Categories",
}


def categories(value: str | Iterable[str] | None) -> str | None:
    """``app_categories`` as the header carries it: one comma-separated string."""
    if value is None or isinstance(value, str):
        return value
    listed = list(value) if isinstance(value, Iterable) else [value]
    if not all(isinstance(category, str) for category in listed):
        raise InvalidOptionError(
            "app_categories must be a string or an iterable of strings, got "
            + ", ".join(sorted({type(category).__name__ for category in listed}))
        )
    return ",".join(listed)


def header_text(_client: object, attribute: Any, value: str | None) -> None:
    """attrs validator: a header value must be printable ASCII (a newline would end the header,
    and httpx cannot encode other text); said at construction, naming the option."""
    if value is None:
        return
    if not isinstance(value, str) or not all(" " <= character <= "~" for character in value):
        raise InvalidOptionError(
            f"{attribute.alias} must be printable ASCII text (it is sent as an HTTP header), "
            f"got {value!r}"
        )


def identity_headers(user_agent: str, attribution: dict[str, str | None]) -> dict[str, str]:
    """The User-Agent, and each attribution header whose option is set."""
    headers = {"User-Agent": user_agent}
    for option, value in attribution.items():
        if value is not None:
            headers[ATTRIBUTION_HEADERS[option]] = value
    return headers
