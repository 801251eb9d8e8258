"""The shared request path of every generated client.

Operation methods only collect their arguments; everything else happens here once:
validation, URL, query and headers, JSON encoding, the retry decision and backoff, and
turning responses into models or errors. The sync and async clients differ only in how they
send and sleep.

A client's `clock` (a `_retry.Clock`) is where the retry loop reads the time and waits between
attempts: replacing it is the documented way to run retries without real waits (see `_retry`).
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Mapping
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, ParamSpec, TypeVar

import httpx

from ._auth import (
    AkSkAuth,
    TokenAuth,
    check_header_text,
    encode_query,
    signable_headers,
)
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    parse_error_body,
    status_error,
)
from ._logs import get_logger, redact_query
from ._pagination import AsyncPaginator, PageRequest
from ._raw import RAW_REQUESTED, RawResponse
from ._request import (
    PreparedCall,
    path_segment,
    signing_target_of,
    wire_text,
    with_headers,
)
from ._response import ResponseReader
from ._retry import SYSTEM_CLOCK, Clock, RetryPolicy
from ._settings import (
    ServiceInfo,
    check_settings,
    environment_settings,
    resolve_base_url,
)
from ._types import Endpoint, NotGiven, Pagination, RequestOptions, TimeoutTypes

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self from Python 3.11

__all__ = ["AsyncAPIClient", "ServiceInfo", "SyncAPIClient"]

T = TypeVar("T")
P = ParamSpec("P")
HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_TOTAL_TIMEOUT = 120.0


class BaseClient(Generic[HttpClientT]):
    """Settings and the logic shared by the sync and async clients.

    `clock` (a `_retry.Clock`) is where the retry loop reads the time and waits; assign another
    to run retries without real waits.
    """

    _service: ClassVar[ServiceInfo]
    _models_module: ClassVar[ModuleType | None] = None

    def __init__(
        self,
        *,
        auth: httpx.Auth | None,
        region: str | None = None,
        project_id: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: HttpClientT | None = None,
        strict_response_validation: bool = False,
        total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
        retry_non_idempotent: bool = False,
    ) -> None:
        """A client of the service in one region (or at one base URL).

        Args:
            auth: `AkSkAuth(ak, sk)` or `TokenAuth(token)`; `None` only for calls that need no
                authentication (or when `http_client` carries its own auth).
            region: the region's name (the package's `REGIONS` lists them with their
                endpoints); required unless `base_url` is given.
            project_id: sent wherever an operation's path has `{project_id}`; each call can
                override it.
            base_url: the endpoint, instead of the region's (https, or http on loopback).
            timeout: seconds (or an `httpx.Timeout`) per attempt; each call can override it.
            max_retries: attempts after the first for failures worth retrying.
            http_client: your own `httpx` client (proxies, certificates, transport); you close
                it. By default the client makes one and closes it in `close()`.
            strict_response_validation: raise `APIResponseValidationError` when a response
                disagrees with the documentation, instead of keeping what was sent.
            total_timeout: seconds for all attempts of one call together.
            retry_non_idempotent: also retry POST and PATCH after the server may have acted.
        """
        check_settings(
            {
                "auth": auth,
                "region": region,
                "project_id": project_id,
                "base_url": base_url,
                "timeout": timeout,
                "max_retries": max_retries,
                "strict_response_validation": strict_response_validation,
                "total_timeout": total_timeout,
                "retry_non_idempotent": retry_non_idempotent,
            }
        )
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
        self._owns_http = http_client is None
        self._http: HttpClientT = (
            http_client if http_client is not None else self._default_http_client()
        )
        # Where the retry loop reads the time and waits (see `_retry.Clock`); replaceable.
        self.clock: Clock = SYSTEM_CLOCK

    @classmethod
    def from_env(
        cls,
        *,
        region: str | None = None,
        project_id: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: HttpClientT | None = None,
        strict_response_validation: bool = False,
        total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
        retry_non_idempotent: bool = False,
    ) -> Self:
        """A client with AK/SK credentials from `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`.

        `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_PROJECT_ID`,
        `HUAWEICLOUD_SDK_REGION` and `HUAWEICLOUD_SDK_ENDPOINT` are read too; an argument
        given here wins over its variable. Without credentials it raises `ValueError` naming
        the variables it read.
        """
        found = environment_settings(os.environ)
        return cls(
            auth=found["auth"],
            region=region if region is not None else found.get("region"),
            project_id=project_id if project_id is not None else found.get("project_id"),
            base_url=base_url if base_url is not None else found.get("base_url"),
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            total_timeout=total_timeout,
            retry_non_idempotent=retry_non_idempotent,
        )

    def _default_http_client(self) -> HttpClientT:
        raise NotImplementedError

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
                path = path.replace("{" + parameter.wire_name + "}", path_segment(value))
            elif parameter.location == "query":
                items = value if isinstance(value, list) else [value]
                query.extend((parameter.wire_name, wire_text(item)) for item in items)
            else:
                items = value if isinstance(value, list) else [value]
                headers[parameter.wire_name] = ",".join(wire_text(item) for item in items)
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
            signing_target_of(f"{path_url}?{query_text}" if query_text else path_url),
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
            target = signing_target_of(f"{call.path_url}?{query_text}")
        added: dict[str, str] | None = None
        if isinstance(auth, TokenAuth):
            added = auth.headers()
        elif isinstance(auth, AkSkAuth) and "host" not in http.headers:
            signable, previous = signable_headers(call.headers.items())
            signable.setdefault("host", target.host)
            added = auth.authorize(call.method, target, signable, previous, call.content or b"")
        headers = call.headers if added is None else with_headers(call.headers, added)
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
        if self.clock.now() - started + delay > policy.total_timeout:
            return None
        return delay

    def _log_attempt(
        self,
        request: httpx.Request,
        attempt: int,
        started: float,
        delay: float | None,
        *,
        response: httpx.Response | None = None,
        error: Exception | None = None,
    ) -> None:
        """One DEBUG line per attempt: what was sent, what came back, what happens next."""
        if not self._logger.isEnabledFor(logging.DEBUG):
            return  # the arguments cost more than the check: skip them on every call
        outcome = str(response.status_code) if response is not None else type(error).__name__
        request_id = response.headers.get("X-Request-Id") if response is not None else None
        query = redact_query(request.url.query.decode("ascii"))
        self._logger.debug(
            "%s %s%s -> %s request_id=%s attempt=%d elapsed=%.3fs %s",
            request.method,
            request.url.path,
            f"?{query}" if query else "",
            outcome,
            request_id or "-",
            attempt,
            self.clock.now() - started,
            "final" if delay is None else f"retry in {delay:.2f}s",
        )

    # -- responses --------------------------------------------------------------------------
    def _result(
        self,
        endpoint: Endpoint,
        response: httpx.Response,
        arguments: Mapping[str, object],
        options: RequestOptions,
    ) -> Any:
        """The parsed body of a success, or the error it is; raw responses when asked for.

        A page of a paginated operation remembers its call, to fetch the pages after it.
        """
        body = response.content
        if response.status_code >= 400:
            raise status_error(response, body, self._service.error_codes)
        parsed = self._parse(endpoint, response, body)
        if endpoint.pagination is not None and parsed is not None:
            parsed._request = PageRequest.first(self, endpoint, arguments, options)
        if RAW_REQUESTED.get():
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
        pagination = endpoint.pagination
        into = model_name
        if pagination is not None and model_name == endpoint.success_model:
            into = self._page_model(pagination)
        return self._reader.read(
            self._models(), endpoint.operation_id, model_name, response, into=into
        )

    def _page_model(self, pagination: Pagination) -> str:
        """The page class this client's paginated methods return."""
        raise NotImplementedError


class SyncAPIClient(BaseClient[httpx.Client]):
    """The blocking client: `httpx.Client` underneath, yours if you pass one."""

    _asynchronous: ClassVar[bool] = False

    def _default_http_client(self) -> httpx.Client:
        return httpx.Client()

    def _page_model(self, pagination: Pagination) -> str:
        return pagination.page_model

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
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
        started = self.clock.now()
        retries = 0
        while True:
            request, auth = self._build_request(self._http, call)
            try:
                response = self._http.send(request, auth=auth)
            except httpx.TransportError as err:
                delay = self._retry_delay(policy, endpoint, retries, started, error=err)
                self._log_attempt(request, retries + 1, started, delay, error=err)
                if delay is None:
                    raise _connection_error(err, request) from err
            else:
                delay = None
                if response.status_code >= 400:
                    delay = self._retry_delay(policy, endpoint, retries, started, response=response)
                self._log_attempt(request, retries + 1, started, delay, response=response)
                if delay is None:
                    return self._result(endpoint, response, arguments, options)
                response.close()
            self.clock.sleep(delay)
            retries += 1


class AsyncAPIClient(BaseClient[httpx.AsyncClient]):
    """The asyncio client: `httpx.AsyncClient` underneath, yours if you pass one."""

    _asynchronous: ClassVar[bool] = True

    def _default_http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient()

    def _page_model(self, pagination: Pagination) -> str:
        return pagination.async_page_model

    def _paginate(
        self, endpoint: Endpoint, arguments: Mapping[str, object], options: RequestOptions
    ) -> AsyncPaginator[Any, Any]:
        """A paginated method's result: awaitable (the first page) and async-iterable."""
        return AsyncPaginator(lambda: self._call(endpoint, arguments, options))

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
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
        started = self.clock.now()
        retries = 0
        while True:
            request, auth = self._build_request(self._http, call)
            try:
                response = await self._http.send(request, auth=auth)
            except httpx.TransportError as err:
                delay = self._retry_delay(policy, endpoint, retries, started, error=err)
                self._log_attempt(request, retries + 1, started, delay, error=err)
                if delay is None:
                    raise _connection_error(err, request) from err
            else:
                delay = None
                if response.status_code >= 400:
                    delay = self._retry_delay(policy, endpoint, retries, started, response=response)
                self._log_attempt(request, retries + 1, started, delay, response=response)
                if delay is None:
                    return self._result(endpoint, response, arguments, options)
                await response.aclose()
            await self.clock.async_sleep(delay)
            retries += 1


def _connection_error(error: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"Request timed out ({type(error).__name__}).", request=request)
    return APIConnectionError(f"Connection error ({type(error).__name__}).", request=request)
