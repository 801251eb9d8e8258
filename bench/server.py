"""A minimal, fast HTTP/1.1 server for the per-call benchmark, run in its own process.

Per-call figures compare clients, not servers: the server must cost little and the same for
everyone. This one is a bare asyncio protocol: it splits keep-alive requests by Content-Length
and answers each with fixed bytes, with no routing framework and no parsing beyond that.

It still checks what matters, so that a client measured here really made the call: the
CreateVpcEndpoint route (POST /v5/<project>/host-management/vpc-endpointes) with either an
`Authorization` or an `X-Auth-Token` header gets `200` and an empty body; a synthetic list
operation (GET /v5/<project>/<group>/<resources>, `bench.synth`'s paths, for the import
benchmark's first call) with either header gets `200` and an empty page
(`{"total_num":0,"data_list":[]}`); anything else gets a `400` with a Huawei error body, which
every client turns into an error.

Usage: `python -m bench.server` prints the port it listens on (127.0.0.1), then serves until
its standard input closes, so it can never outlive the benchmark that started it.
"""

from __future__ import annotations

import asyncio
import re
import sys

ROUTE = re.compile(rb"POST /v5/[^/?\s]+/host-management/vpc-endpointes(?:\?\S*)? HTTP/1\.1")
LIST_ROUTE = re.compile(rb"GET /v5/[^/?\s]+/[a-z-]+/[a-z0-9_]+(?:\?\S*)? HTTP/1\.1")
OK = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: application/json\r\n"
    b"X-Request-Id: bench\r\n"
    b"Content-Length: 0\r\n"
    b"\r\n"
)
_PAGE = b'{"total_num":0,"data_list":[]}'
LIST_OK = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: application/json\r\n"
    b"X-Request-Id: bench\r\n"
    b"Content-Length: " + str(len(_PAGE)).encode() + b"\r\n"
    b"\r\n" + _PAGE
)
_ERROR_BODY = b'{"error_code":"BENCH.0400","error_msg":"not the benchmark route or no auth"}'
BAD = (
    b"HTTP/1.1 400 Bad Request\r\n"
    b"Content-Type: application/json\r\n"
    b"X-Request-Id: bench\r\n"
    b"Content-Length: " + str(len(_ERROR_BODY)).encode() + b"\r\n"
    b"\r\n" + _ERROR_BODY
)
_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)
_AUTH = re.compile(rb"\r\n(?:authorization|x-auth-token):", re.IGNORECASE)
_CHUNKED = re.compile(rb"\r\ntransfer-encoding:[^\r]*chunked", re.IGNORECASE)


class Responder(asyncio.Protocol):
    """One connection: buffer, cut requests at head + Content-Length, answer each at once."""

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            if _CHUNKED.search(head):
                # No client here sends chunked bodies; refuse rather than mis-split the stream.
                self.transport.write(BAD)
                self.transport.close()
                return
            length_match = _LENGTH.search(head)
            total = end + 4 + (int(length_match.group(1)) if length_match else 0)
            if len(self.buffer) < total:
                return
            self.buffer = self.buffer[total:]
            line_end = head.find(b"\r\n")
            request_line = head if line_end < 0 else head[:line_end]
            if _AUTH.search(head) is None:
                self.transport.write(BAD)
            elif ROUTE.fullmatch(request_line) is not None:
                self.transport.write(OK)
            else:
                self.transport.write(LIST_OK if LIST_ROUTE.fullmatch(request_line) else BAD)


async def serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Responder, "127.0.0.1", 0, backlog=512)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    # Serve until the parent closes our stdin (or dies): read it in a thread until EOF.
    await loop.run_in_executor(None, sys.stdin.buffer.read)
    server.close()


def main() -> None:
    asyncio.run(serve())


if __name__ == "__main__":
    main()
