"""httpx auth flows for Huawei Cloud: IAM token, and AK/SK (SDK-HMAC-SHA256) signing.

The signer re-implements huaweicloudsdkcore's ``Signer`` on the standard library, byte for byte,
so that generated clients need no SDK.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import threading
import time
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, quote_from_bytes, unquote_to_bytes

import httpx

__all__ = [
    "UNSIGNED_HEADERS",
    "AkSkAuth",
    "SigningTarget",
    "TokenAuth",
    "canonical_query",
    "check_header_text",
    "encode_query",
    "encode_query_value",
    "sign_request",
    "signable_headers",
    "signing_target",
]

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"

#: Headers AkSkAuth sends but never signs: the connection-level ones that a proxy or the
#: transport may rewrite (the official SDK leaves them to ``requests``, unsigned, too).
UNSIGNED_HEADERS = frozenset(
    {
        "authorization",
        "accept-encoding",
        "connection",
        "content-length",
        "keep-alive",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)

_DATE_RE = re.compile(r"\d{8}T\d{6}Z")
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_CONTENT_SHA256 = "x-sdk-content-sha256"
_SIGNED_BODY_TYPES = ("application/json", "application/bson")
_ISSUED_LIMIT = 1024


def encode_query_value(value: str | bytes) -> str:
    """A query key or value (or a path segment) encoded exactly as the signature reads it.

    The official signer's ``quote(s, safe="~")``: everything but ``A-Za-z0-9-._~`` escaped,
    ``%20`` for a space.

    A client that builds its query with this sends what it signs, so signing never rewrites
    the URL.
    """
    # `quote` would hand bytes to `quote_from_bytes` after checks that cost the signer's loop.
    return quote_from_bytes(value, "~") if type(value) is bytes else quote(value, "~")


def encode_query(pairs: Iterable[tuple[str | bytes, str | bytes]]) -> str:
    """A query string of (key, value) pairs in their order, each encoded by ``encode_query_value``."""
    return "&".join(
        [f"{encode_query_value(key)}={encode_query_value(value)}" for key, value in pairs]
    )


@functools.lru_cache(maxsize=512)
def _canonical_uri(raw_path: bytes) -> str:
    # Official: unquote the whole path, split on "/", quote each segment, end with "/".
    uri = "/".join(
        [encode_query_value(segment) for segment in unquote_to_bytes(raw_path).split(b"/")]
    )
    return uri if uri.endswith("/") else uri + "/"


def _query_pairs(raw_query: bytes | str) -> list[tuple[bytes, bytes]]:
    """Decoded (key, value) pairs of a raw query; ``+`` is a space, as httpx and forms encode it."""
    if isinstance(raw_query, str):
        raw_query = raw_query.encode("utf-8")
    pairs: list[tuple[bytes, bytes]] = []
    for part in raw_query.split(b"&"):
        if part:
            key, _, value = part.partition(b"=")
            pairs.append(
                (
                    unquote_to_bytes(key.replace(b"+", b" ")),
                    unquote_to_bytes(value.replace(b"+", b" ")),
                )
            )
    return pairs


def canonical_query(raw_query: bytes | str) -> str:
    """The canonical query string of a raw (percent-encoded) query, as the official signer builds it.

    Pairs are decoded (``+`` is a space), sorted by key then value, and re-encoded with ``%20``
    for spaces and only ``A-Za-z0-9-._~`` left bare; a key without ``=`` gets an empty value.
    """
    if not raw_query:
        return ""
    # UTF-8 byte order is code point order, the order the official signer sorts ``str`` in.
    return encode_query(sorted(_query_pairs(raw_query)))


@dataclass(frozen=True, slots=True)
class SigningTarget:
    """A URL as an AK/SK signature reads it.

    ``url`` is the URL to send: its query re-encoded the way the signature reads it (``%20``,
    in the caller's order), so that what is sent is what is signed.
    """

    url: httpx.URL
    canonical_uri: str
    canonical_query: str
    host: str


def signing_target(url: httpx.URL) -> SigningTarget:
    """The canonical URI, canonical query and host of ``url``, and the URL to send."""
    raw_path, _, raw_query = url.raw_path.partition(b"?")
    canonical = ""
    if raw_query:
        # Sent in the caller's order: repeated keys can be ordered pairs (``sort_key`` /
        # ``sort_dir``), and the gateway sorts for the canonical form itself.
        pairs = _query_pairs(raw_query)
        query = encode_query(pairs).encode("ascii")
        if query != raw_query:
            url = url.copy_with(query=query or None)
        canonical = encode_query(sorted(pairs))
    return SigningTarget(url, _canonical_uri(raw_path), canonical, url.netloc.decode("ascii"))


def signable_headers(headers: Iterable[tuple[str, str]]) -> tuple[dict[str, str], str | None]:
    """The headers a signature reads, and the ``Authorization`` value already present (if any).

    Names are lower-cased and values stripped; a repeated name joins its values with ``", "``,
    as ``httpx.Headers.get`` does. Connection-level headers (``UNSIGNED_HEADERS``) are left out.
    """
    signable: dict[str, str] = {}
    previous: str | None = None
    for raw_name, raw_value in headers:
        name = raw_name.lower()
        value = raw_value.strip()
        if name in UNSIGNED_HEADERS:
            if name == "authorization":
                previous = value
            continue
        signable[name] = f"{signable[name]}, {value}" if name in signable else value
    return signable, previous


def _check_date(date: str | None) -> str:
    if date is None:
        raise ValueError("the X-Sdk-Date header is required to sign a request")
    if not _DATE_RE.fullmatch(date):
        raise ValueError(f"X-Sdk-Date must look like 20240101T000000Z, not {date!r}")
    return date


def _signature(
    method: str,
    canonical_uri: str,
    canonical_query_string: str,
    signable: Mapping[str, str],
    date: str,
    body: bytes,
    ak: str,
    mac: hmac.HMAC,
) -> str:
    """The Authorization value from the canonical parts.

    ``signable`` maps lower-case header names to stripped values; names with ``_`` are left
    unsigned, as the official signer does. ``mac`` is an unused HMAC-SHA256 keyed with SK
    (copied, not updated).
    """
    names = sorted([name for name in signable if "_" not in name])
    signed_headers = ";".join(names)
    if not body:
        payload_hash = _EMPTY_SHA256
    else:
        payload_hash = signable.get(_CONTENT_SHA256) or hashlib.sha256(body).hexdigest()
    canonical_request = "\n".join(
        (
            method.upper(),
            canonical_uri,
            canonical_query_string,
            "".join([f"{name}:{signable[name]}\n" for name in names]),
            signed_headers,
            payload_hash,
        )
    )
    digest = hashlib.sha256(canonical_request.encode("utf-8", "surrogateescape")).hexdigest()
    mac = mac.copy()
    mac.update(f"{ALGORITHM}\n{date}\n{digest}".encode())
    return f"{ALGORITHM} Access={ak}, SignedHeaders={signed_headers}, Signature={mac.hexdigest()}"


def _keyed(sk: str) -> hmac.HMAC:
    return hmac.new(sk.encode("utf-8"), digestmod=hashlib.sha256)


def sign_request(
    method: str,
    url: str | httpx.URL,
    headers: Mapping[str, str],
    body: bytes,
    ak: str,
    sk: str,
) -> str:
    """Return the ``Authorization`` value for a request, as Huawei's official signer computes it.

    ``headers`` must hold ``X-Sdk-Date``; all of them are signed except names containing ``_``.
    Without a ``Host`` header the URL's host[:port] is signed, as the official signer does.
    """
    url = httpx.URL(url)
    raw_path, _, raw_query = url.raw_path.partition(b"?")
    signable = {name.lower(): value.strip() for name, value in headers.items()}
    signable.setdefault("host", url.netloc.decode("ascii"))
    return _signature(
        method,
        _canonical_uri(raw_path),
        canonical_query(raw_query),
        signable,
        _check_date(signable.get("x-sdk-date")),
        body,
        ak,
        _keyed(sk),
    )


def _mask(value: str) -> str:
    return repr(value[:4] + "…") if len(value) > 8 else "'…'"


def check_header_text(what: str, text: str) -> None:
    """Refuse text that would split a request if sent in a header (CR, LF, NUL).

    The message names `what`, never the text, so a credential is not shown.
    """
    if "\r" in text or "\n" in text or "\0" in text:
        raise ValueError(f"{what} contains a line break or NUL character")


class TokenAuth(httpx.Auth):
    """Authenticate with an IAM token, sent as ``X-Auth-Token``."""

    __slots__ = ("_token",)

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("token must not be empty")
        check_header_text("token", token)
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set ``X-Auth-Token`` and send."""
        request.headers.update(self.headers())
        yield request

    def headers(self) -> dict[str, str]:
        """The headers this auth adds to a request."""
        return {"X-Auth-Token": self._token}

    def __repr__(self) -> str:
        return "TokenAuth(token=***)"


class AkSkAuth(httpx.Auth):
    """Sign every request with an access key (AK) and secret key (SK), as SDK-HMAC-SHA256.

    Each ``send`` is signed afresh, so a retried request gets a new ``X-Sdk-Date`` and signature.
    An ``X-Sdk-Date`` set by the caller is used as is; one set by an earlier signing is replaced.
    To tell them apart, the auth remembers the last Authorization values it issued with a date of
    its own: a request carrying one of them (the same Request object sent again, or one rebuilt
    from its headers) is dated anew. Before signing, the query is re-encoded as the signature
    reads it (keeping its order, unlike the official SDK, which sorts it), and
    ``X-Security-Token`` / ``X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`` (for bodies other than JSON
    or BSON) are added, all as the official SDK does. ``clock`` returns POSIX seconds.
    """

    __slots__ = ("_ak", "_date_cache", "_issued", "_lock", "_mac", "_now", "_security_token")

    requires_request_body = True

    def __init__(
        self,
        ak: str,
        sk: str,
        security_token: str | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not ak:
            raise ValueError("ak must not be empty")
        if not sk:
            raise ValueError("sk must not be empty")
        # The AK and the token travel in headers: a line break would split the request.
        check_header_text("ak", ak)
        if security_token is not None:
            check_header_text("security_token", security_token)
        self._ak = ak
        self._mac = _keyed(sk)  # the key schedule is done once; each signature copies it
        self._security_token = security_token
        self._now = clock
        self._issued: dict[str, None] = {}  # insertion-ordered, bounded by _ISSUED_LIMIT
        self._lock = threading.Lock()
        self._date_cache: tuple[int, str] = (-1, "")

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Sign ``request`` in place and send it."""
        self.sign(request)
        yield request

    def sign(self, request: httpx.Request) -> None:
        """Add ``X-Sdk-Date`` (unless the caller set it) and ``Authorization`` to ``request``."""
        headers = request.headers
        # One pass over the raw headers gives every value this needs (httpx's lookups by name
        # scan the whole list each time).
        signable, previous = signable_headers(
            (name.decode("latin-1"), value.decode("utf-8", "surrogateescape"))
            for name, value in headers.raw
        )
        target = signing_target(request.url)
        if target.url is not request.url:
            request.url = target.url  # only for queries built by hand: see ``SigningTarget``
        signable.setdefault("host", target.host)
        added = self.authorize(request.method, target, signable, previous, request.content)
        for name, value in added.items():
            headers[name] = value

    def authorize(
        self,
        method: str,
        target: SigningTarget,
        signable: dict[str, str],
        previous: str | None,
        body: bytes,
    ) -> dict[str, str]:
        """The headers that sign a request given as parts, ``Authorization`` last.

        ``signable`` and ``previous`` are what ``signable_headers`` gives for the request's
        headers, with ``host`` set; the headers added here are added to ``signable`` too. This
        is ``sign`` for a caller that has not built its ``httpx.Request`` yet, such as the
        generated clients, which sign once per attempt before building it.
        """
        added: dict[str, str] = {}
        date = signable.get("x-sdk-date")
        if date is None or (previous is not None and previous in self._issued):
            own_date = True
            date = added["X-Sdk-Date"] = signable["x-sdk-date"] = self._date()
        else:
            own_date = False
            _check_date(date)
        if self._security_token is not None:
            added["X-Security-Token"] = signable["x-security-token"] = self._security_token
        content_type = signable.get("content-type")
        if content_type and not content_type.startswith(_SIGNED_BODY_TYPES):
            added["X-Sdk-Content-Sha256"] = signable[_CONTENT_SHA256] = "UNSIGNED-PAYLOAD"
        authorization = added["Authorization"] = _signature(
            method,
            target.canonical_uri,
            target.canonical_query,
            signable,
            date,
            body,
            self._ak,
            self._mac,
        )
        if own_date:
            with self._lock:
                self._issued[authorization] = None
                if len(self._issued) > _ISSUED_LIMIT:
                    del self._issued[next(iter(self._issued))]
        return added

    def _date(self) -> str:
        """The clock's time as ``X-Sdk-Date``, formatted once per second."""
        now = int(self._now())
        second, text = self._date_cache
        if second != now:
            text = time.strftime(DATE_FORMAT, time.gmtime(now))
            self._date_cache = (now, text)
        return text

    def __repr__(self) -> str:
        token = ", security_token=***" if self._security_token is not None else ""
        return f"AkSkAuth(ak={_mask(self._ak)}, sk=***{token})"
