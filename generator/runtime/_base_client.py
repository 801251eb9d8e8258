"""The shared request path of every generated client.

Operation methods only collect their arguments; everything else happens here once:
validation, URL, query and headers, JSON encoding, the retry decision and backoff, and
turning responses into models or errors. The sync and async clients differ only in how they
send and sleep.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import importlib
import ipaddress
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import ModuleType, TracebackType
from typing import Any, ClassVar, Generic, ParamSpec, TypeVar
from urllib.parse import quote, urlsplit

import httpx

from ._auth import (
    AkSkAuth,
    SigningTarget,
    TokenAuth,
    check_header_text,
    encode_query,
    signable_headers,
    signing_target,
)
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    parse_error_body,
    status_error,
)
from ._logs import get_logger
from ._response import ResponseReader
from ._retry import RetryPolicy
from ._types import Endpoint, NotGiven, RequestOptions, TimeoutTypes

__all__ = ["AsyncAPIClient", "RawResponse", "ServiceInfo", "SyncAPIClient"]

T = TypeVar("T")
P = ParamSpec("P")
SyncClientT = TypeVar("SyncClientT", bound="SyncAPIClient")
AsyncClientT = TypeVar("AsyncClientT", bound="AsyncAPIClient")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
_RAW: contextvars.ContextVar[bool] = contextvars.ContextVar("raw_response", default=False)


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    """What a generated package tells the runtime about its service."""

    name: str
    package: str
    version: str
    regions: Mapping[str, str]
    default_region: str


@dataclass(frozen=True, slots=True)
class RawResponse(Generic[T]):
    """A call's HTTP details beside the parsed body (`client.with_raw_response.<method>`)."""

    status_code: int
    headers: httpx.Headers
    request_id: str | None
    parsed: T
    http_response: httpx.Response


@dataclass(slots=True)
class PreparedCall:
    """A validated call, encoded: what every attempt's request is built from (never changed)."""

    method: str
    target: SigningTarget  # the whole URL
    path_url: str  # the URL without its query
    query: str  # encoded as the signature reads it
    headers: dict[str, str]
    content: bytes | None
    timeout: TimeoutTypes


@functools.lru_cache(maxsize=256)
def _signing_target(url: str) -> SigningTarget:
    """The parsed URL and its signing view, once per URL text.

    Parsing a URL is httpx's single largest cost in a call (more than signing it), and calls
    repeat URLs: the same project, the same resource. httpx URLs are immutable.
    """
    return signing_target(httpx.URL(url))


def _with_headers(headers: Mapping[str, str], added: Mapping[str, str]) -> dict[str, str]:
    """`headers` with `added` set, replacing any header of the same name in another case."""
    lowered = {name.lower() for name in added}
    merged = {name: value for name, value in headers.items() if name.lower() not in lowered}
    merged.update(added)
    return merged


def raw_response_wrapper(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """Calls `method` and returns its `RawResponse` instead of only the parsed body."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _RAW.set(True)
        try:
            result: Any = method(*args, **kwargs)
        finally:
            _RAW.reset(token)
        return result  # type: ignore[no-any-return]

    return wrapped


def async_raw_response_wrapper(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The async twin of `raw_response_wrapper`."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _RAW.set(True)
        try:
            result: Any = await method(*args, **kwargs)
        finally:
            _RAW.reset(token)
        return result  # type: ignore[no-any-return]

    return wrapped


def resolve_base_url(service: ServiceInfo, region: str | None, base_url: str | None) -> str:
    """The endpoint: an explicit base URL (https, or http on loopback only) or the region's."""
    if base_url is not None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url must be an http(s) URL with a host, got {base_url!r}")
        if parts.scheme == "http" and not _is_loopback(parts.hostname):
            raise ValueError("base_url must use https unless it points at a loopback address")
        return base_url.rstrip("/")
    chosen = region or service.default_region
    try:
        return service.regions[chosen]
    except KeyError:
        known = ", ".join(sorted(service.regions))
        raise ValueError(
            f"unknown region {chosen!r} for {service.name}; known regions: {known}; "
            "or pass base_url="
        ) from None


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def environment_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """Client settings from the official SDK's variables (plus region and endpoint)."""
    settings: dict[str, Any] = {}
    ak, sk = environ.get("HUAWEICLOUD_SDK_AK"), environ.get("HUAWEICLOUD_SDK_SK")
    if ak and sk:
        settings["auth"] = AkSkAuth(ak, sk, environ.get("HUAWEICLOUD_SDK_SECURITY_TOKEN") or None)
    elif ak or sk:
        raise ValueError("set both HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or neither")
    for variable, key in (
        ("HUAWEICLOUD_SDK_PROJECT_ID", "project_id"),
        ("HUAWEICLOUD_SDK_REGION", "region"),
        ("HUAWEICLOUD_SDK_ENDPOINT", "base_url"),
    ):
        if environ.get(variable):
            settings[key] = environ[variable]
    return settings


class BaseClient:
    """Settings and the logic shared by the sync and async clients."""

    _service: ClassVar[ServiceInfo]
    _models_module: ClassVar[ModuleType | None] = None

    def __init__(
        self,
        *,
        region: str | None = None,
        base_url: str | None = None,
        project_id: str | None = None,
        auth: httpx.Auth | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        total_timeout: float = 120.0,
        retry_non_idempotent: bool = False,
        strict_response_validation: bool = False,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.base_url = resolve_base_url(self._service, region, base_url)
        self.project_id = project_id
        self.timeout = timeout
        self.retry_policy = RetryPolicy(max_retries, total_timeout, retry_non_idempotent)
        self._auth = auth
        # Without our own auth, a caller's httpx client keeps the auth it was configured with.
        self._send_auth: Any = auth if auth is not None else httpx.USE_CLIENT_DEFAULT
        self._logger = get_logger(self._service.package)
        self._reader = ResponseReader(
            self._service.package, self._logger, strict=strict_response_validation
        )
        self._user_agent = (
            f"{self._service.package}/{self._service.version} httpx/{httpx.__version__}"
        )
        # Time sources, replaceable in tests to freeze time.
        self._clock: Callable[[], float] = time.monotonic

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, project_id={self.project_id!r}, "
            f"auth={self._auth!r})"
        )

    @property
    def auth(self) -> httpx.Auth | None:
        return self._auth

    def _models(self) -> ModuleType:
        """The package's models, imported on first use so that importing the client stays light."""
        cls = type(self)
        if cls._models_module is None:
            cls._models_module = importlib.import_module(f"{self._service.package}.models")
        return cls._models_module

    # -- building the request ---------------------------------------------------------------
    def _prepare(
        self, endpoint: Endpoint, arguments: Mapping[str, object], options: RequestOptions
    ) -> PreparedCall:
        """Validate the arguments (raising before anything is sent) and encode the call."""
        models = self._models()
        given = {k: v for k, v in arguments.items() if not isinstance(v, NotGiven)}
        values = self._parameter_values(models, endpoint, given)
        path = endpoint.path
        query: list[tuple[str, str]] = []
        headers: dict[str, str] = {"User-Agent": self._user_agent}
        for parameter in endpoint.wire_parameters:
            value = values.get(parameter.python_name)
            if value is None:
                continue
            if parameter.location == "path":
                path = path.replace("{" + parameter.wire_name + "}", _path_segment(value))
            elif parameter.location == "query":
                items = value if isinstance(value, list) else [value]
                query.extend((parameter.wire_name, _text(item)) for item in items)
            else:
                items = value if isinstance(value, list) else [value]
                headers[parameter.wire_name] = ",".join(_text(item) for item in items)
        content = self._body_content(models, endpoint, given)
        if content is not None:
            headers["Content-Type"] = "application/json"
        if options.extra_headers:
            headers.update(options.extra_headers)
        for name, value in headers.items():
            check_header_text(f"header {name!r}", name)
            check_header_text(f"header {name!r}", value)
        timeout = self.timeout if isinstance(options.timeout, NotGiven) else options.timeout
        path_url = self.base_url + path
        query_text = encode_query(query)  # as the AK/SK signature reads it: never rewritten
        return PreparedCall(
            endpoint.method,
            _signing_target(f"{path_url}?{query_text}" if query_text else path_url),
            path_url,
            query_text,
            headers,
            content,
            timeout,
        )

    def _build_request(
        self, http: httpx.Client | httpx.AsyncClient, call: PreparedCall
    ) -> tuple[httpx.Request, Any]:
        """One attempt's request, and the auth to send it with.

        Our own auths add their headers here, before httpx builds the request: that skips
        httpx's auth flow and the header list rewrites it needs, and signs each attempt with a
        fresh date. AK/SK signing is left to the flow when the httpx client has a `Host` header
        of its own, which would replace the host that was signed.
        """
        auth = self._auth
        target = call.target
        if http.params:
            # The httpx client's own params go first; httpx itself would drop our query for them.
            query_text = "&".join(
                filter(None, (encode_query(http.params.multi_items()), call.query))
            )
            target = _signing_target(f"{call.path_url}?{query_text}")
        added: dict[str, str] | None = None
        if isinstance(auth, TokenAuth):
            added = auth.headers()
        elif isinstance(auth, AkSkAuth) and "host" not in http.headers:
            signable, previous = signable_headers(call.headers.items())
            signable.setdefault("host", target.host)
            added = auth.authorize(call.method, target, signable, previous, call.content or b"")
        headers = call.headers if added is None else _with_headers(call.headers, added)
        request = http.build_request(
            call.method, target.url, headers=headers, content=call.content, timeout=call.timeout
        )
        request.url = target.url  # as signed, whatever httpx merged into it
        return request, (self._send_auth if added is None else None)

    def _parameter_values(
        self, models: ModuleType, endpoint: Endpoint, arguments: Mapping[str, object]
    ) -> dict[str, Any]:
        names = endpoint.wire_argument_names
        given = {k: v for k, v in arguments.items() if k in names}
        project_id = endpoint.project_id_argument
        if project_id is not None and given.get(project_id) is None:
            if self.project_id is None:
                raise ValueError(
                    f"{endpoint.operation_id} needs a project_id: pass project_id= to the client "
                    "or to the call"
                )
            given[project_id] = self.project_id
        if endpoint.params_model is None:
            return {}
        model = getattr(models, endpoint.params_model).model_validate(given)
        values: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
        return values

    @staticmethod
    def _body_content(
        models: ModuleType, endpoint: Endpoint, given: Mapping[str, object]
    ) -> bytes | None:
        """The JSON body: fields are validated as the body model, a whole body as its type."""
        if endpoint.body_model is None:
            return None
        model_class = getattr(models, endpoint.body_model)
        fields = endpoint.body_parameters
        if endpoint.body_kind == "fields":
            values = {p.wire_name: given[p.python_name] for p in fields if p.python_name in given}
            if not values and not endpoint.body_required:
                return None  # an optional body with no field given is not sent at all
            instance = model_class.model_validate(values)
        elif fields and fields[0].python_name in given:
            body = given[fields[0].python_name]
            instance = body if isinstance(body, model_class) else model_class.model_validate(body)
        else:
            return None
        content: bytes = instance.model_dump_json(by_alias=True, exclude_unset=True).encode()
        return content

    # -- retries ----------------------------------------------------------------------------
    def _policy(self, options: RequestOptions) -> RetryPolicy:
        if isinstance(options.max_retries, NotGiven):
            return self.retry_policy
        return RetryPolicy(
            options.max_retries,
            self.retry_policy.total_timeout,
            self.retry_policy.retry_non_idempotent,
        )

    def _retry_delay(
        self,
        policy: RetryPolicy,
        endpoint: Endpoint,
        retries_taken: int,
        started: float,
        *,
        response: httpx.Response | None = None,
        error: Exception | None = None,
    ) -> float | None:
        """Seconds to wait before the next attempt, or None when this outcome is final."""
        if retries_taken >= policy.max_retries:
            return None
        idempotent = endpoint.idempotent
        if response is not None:
            error_code, _ = parse_error_body(response.content)
            if not policy.may_retry_status(response.status_code, error_code, idempotent=idempotent):
                return None
        elif error is None or not policy.may_retry_exception(error, idempotent=idempotent):
            return None
        delay = policy.delay(retries_taken, response.headers if response is not None else None)
        if self._clock() - started + delay > policy.total_timeout:
            return None
        return delay

    def _log_attempt(
        self, request: httpx.Request, attempt: int, outcome: str, started: float
    ) -> None:
        if not self._logger.isEnabledFor(logging.DEBUG):
            return  # the arguments cost more than the check: skip them on every call
        self._logger.debug(
            "%s %s -> %s (attempt %d, %.3fs)",
            request.method,
            request.url.path,
            outcome,
            attempt,
            self._clock() - started,
        )

    # -- responses --------------------------------------------------------------------------
    def _result(self, endpoint: Endpoint, response: httpx.Response) -> Any:
        """The parsed body of a success, or the error it is; raw responses when asked for."""
        body = response.content
        if response.status_code >= 400:
            raise status_error(response, body)
        parsed = self._parse(endpoint, response, body)
        if _RAW.get():
            return RawResponse(
                status_code=response.status_code,
                headers=response.headers,
                request_id=response.headers.get("X-Request-Id"),
                parsed=parsed,
                http_response=response,
            )
        return parsed

    def _parse(self, endpoint: Endpoint, response: httpx.Response, body: bytes) -> Any:
        responses = endpoint.response_models
        if response.status_code in responses:
            model_name = responses[response.status_code]
        elif not body.strip():
            model_name = None
        else:
            model_name = endpoint.success_model
        if model_name is None:
            return None
        if not body.strip():
            raise APIResponseValidationError(
                f"HTTP {response.status_code}: empty body where {model_name} was expected",
                response=response,
                body=body,
            )
        return self._reader.read(self._models(), endpoint.operation_id, model_name, response)


class SyncAPIClient(BaseClient):
    """The blocking client: `httpx.Client` underneath, yours if you pass one."""

    def __init__(self, *, http_client: httpx.Client | None = None, **settings: Any) -> None:
        super().__init__(**settings)
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.Client()
        self._sleep: Callable[[float], None] = time.sleep

    @classmethod
    def from_env(cls: type[SyncClientT], **overrides: Any) -> SyncClientT:
        """A client configured from `HUAWEICLOUD_SDK_*` environment variables."""
        return cls(**{**environment_settings(os.environ), **overrides})

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self: SyncClientT) -> SyncClientT:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _call(
        self,
        endpoint: Endpoint,
        arguments: Mapping[str, object],
        options: RequestOptions,
    ) -> Any:
        call = self._prepare(endpoint, arguments, options)
        policy = self._policy(options)
        started = self._clock()
        retries = 0
        while True:
            request, auth = self._build_request(self._http, call)
            try:
                response = self._http.send(request, auth=auth)
            except httpx.TransportError as err:
                self._log_attempt(request, retries + 1, type(err).__name__, started)
                delay = self._retry_delay(policy, endpoint, retries, started, error=err)
                if delay is None:
                    raise _connection_error(err, request) from err
            else:
                self._log_attempt(request, retries + 1, str(response.status_code), started)
                delay = None
                if response.status_code >= 400:
                    delay = self._retry_delay(policy, endpoint, retries, started, response=response)
                if delay is None:
                    return self._result(endpoint, response)
                response.close()
            self._sleep(delay)
            retries += 1


class AsyncAPIClient(BaseClient):
    """The asyncio client: `httpx.AsyncClient` underneath, yours if you pass one."""

    def __init__(self, *, http_client: httpx.AsyncClient | None = None, **settings: Any) -> None:
        super().__init__(**settings)
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient()
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    @classmethod
    def from_env(cls: type[AsyncClientT], **overrides: Any) -> AsyncClientT:
        """A client configured from `HUAWEICLOUD_SDK_*` environment variables."""
        return cls(**{**environment_settings(os.environ), **overrides})

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: AsyncClientT) -> AsyncClientT:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def _call(
        self,
        endpoint: Endpoint,
        arguments: Mapping[str, object],
        options: RequestOptions,
    ) -> Any:
        call = self._prepare(endpoint, arguments, options)
        policy = self._policy(options)
        started = self._clock()
        retries = 0
        while True:
            request, auth = self._build_request(self._http, call)
            try:
                response = await self._http.send(request, auth=auth)
            except httpx.TransportError as err:
                self._log_attempt(request, retries + 1, type(err).__name__, started)
                delay = self._retry_delay(policy, endpoint, retries, started, error=err)
                if delay is None:
                    raise _connection_error(err, request) from err
            else:
                self._log_attempt(request, retries + 1, str(response.status_code), started)
                delay = None
                if response.status_code >= 400:
                    delay = self._retry_delay(policy, endpoint, retries, started, response=response)
                if delay is None:
                    return self._result(endpoint, response)
                await response.aclose()
            await self._sleep(delay)
            retries += 1


def _connection_error(error: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"Request timed out ({type(error).__name__}).", request=request)
    return APIConnectionError(f"Connection error ({type(error).__name__}).", request=request)


def _text(value: object) -> str:
    """A JSON value as it appears in a URL or header: booleans in lower case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _path_segment(value: object) -> str:
    """Percent-encode a path parameter so it cannot add segments, a query or a fragment."""
    segment = quote(_text(value), safe="")
    if segment in (".", ".."):
        # Dot segments would be resolved away by servers and proxies: encode the dots too.
        segment = segment.replace(".", "%2E")
    return segment
