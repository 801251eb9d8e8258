"""A Type cell no rule reads: the row is still a field, typed loosely, and a hostile cell is
inert: it never crashes the transcriber, the generator or the client, and never becomes code."""

from __future__ import annotations

import html
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import GenerationError
from generator.render.package import render_package
from generator.spec.build import build_spec
from generator.spec.yaml_io import dump_yaml
from tests.fuzz.pages import FULL
from tests.helpers import HSS_SPEC

_PAGE = """<html><body>
<h1>Creating a Thing</h1>
<h2>Function</h2><p>This API creates a thing.</p>
<h2>URI</h2><p>POST /v1/{{project_id}}/things</p>
<table><caption>Table 1 Path Parameters</caption>
<tr><th>Parameter</th><th>Mandatory</th><th>Type</th><th>Description</th></tr>
<tr><td>project_id</td><td>Yes</td><td>String</td><td>Project ID.</td></tr></table>
<h2>Request Parameters</h2>
<table><caption>Table 2 Request body parameters</caption>
<tr><th>Parameter</th><th>Mandatory</th><th>Type</th><th>Description</th></tr>
<tr><td>thing</td><td>Yes</td><td>{cell}</td><td>A thing.</td></tr>
<tr><td>name</td><td>No</td><td>String</td><td>Its name.</td></tr></table>
<h2>Status Codes</h2>
<table><tr><th>Status Code</th><th>Description</th></tr><tr><td>200</td><td>OK.</td></tr></table>
</body></html>
"""

# Cells meant to break out of a string, a template or an annotation if any were pasted in.
HOSTILE = [
    '"); __import__("os").system("echo pwned") #',
    "Array of {{ 7*7 }} objects",
    "Map<String, ''' + __import__('os').getcwd() + '''>",
    "Integer\\nimport os",
    "List[os.system] object",
    "x" * 5000,
    "Array of Array of Array of Array of Array of Array of Array of Array of Array of things",
    "<script>alert(1)</script>",
]


def _spec(cell: str, folder: Path) -> dict[str, Any] | None:
    page = folder / "CreateThing.html"
    page.write_text(_PAGE.format(cell=html.escape(cell)), encoding="utf-8")
    try:
        document: dict[str, Any] = build_spec(
            [page], HSS_SPEC / "service.yaml", None, "out.yaml"
        ).document
    except GenerationError:
        return None
    return document


def _thing(document: dict[str, Any]) -> dict[str, Any]:
    body = document["paths"]["/v1/{project_id}/things"]["post"]["requestBody"]
    name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    field: dict[str, Any] = document["components"]["schemas"][name]["properties"]["thing"]
    return field


@settings(
    max_examples=400 if FULL else 40,
    deadline=None,
    derandomize=not FULL,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(cell=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_any_type_cell_keeps_its_row(cell: str, tmp_path: Path) -> None:
    # Whatever the cell says, the row is a field of the body (or the page is refused with a
    # clean error for something else); never a page without it.
    document = _spec(cell, tmp_path)
    if document is not None:
        assert isinstance(_thing(document), dict)


def test_hostile_type_cells_are_inert_in_the_generated_client(tmp_path: Path) -> None:
    for index, cell in enumerate(HOSTILE):
        folder = tmp_path / f"case{index}"
        folder.mkdir()
        document = _spec(cell, folder)
        assert document is not None, cell
        thing = _thing(document)
        # Loose: an array, an open object or any value; never a type made up from the words.
        assert set(thing) - {"description", "type", "items", "$ref"} <= {"x-huawei-range"}, thing
        spec = folder / "openapi.yaml"
        spec.write_text(dump_yaml(document), encoding="utf-8")
        render_package(spec, folder / "thing_client", "thing_client")
        source = "".join(p.read_text() for p in (folder / "thing_client").rglob("*.py"))
        assert "pwned" not in source.replace('\\"pwned\\"', "")
        value: Any = [1, "two", None] if thing.get("type") == "array" else {"any": [1, None]}
        _call_with(folder, value)


def _call_with(folder: Path, value: Any) -> None:
    """Import the package in a fresh interpreter and send `value` (arbitrary JSON of the loose
    kind) as the field to a server on 127.0.0.1, which must receive it as sent."""
    script = textwrap.dedent(
        f"""
        import json, threading
        from http.server import BaseHTTPRequestHandler, HTTPServer
        from thing_client import HssClient
        received = []
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{{}}")
            def log_message(self, *args):
                pass
        server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        value = json.loads({json.dumps(json.dumps(value))})
        url = f"http://127.0.0.1:{{server.server_address[1]}}"
        with HssClient(auth=None, base_url=url, project_id="p", max_retries=0) as client:
            client.create_thing(thing=value)
        assert received == [{{"thing": value}}], received
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "ok", result.stderr[-2000:]
