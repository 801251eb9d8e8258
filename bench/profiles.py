"""Profiles of the paths behind missed targets, summarised for `results.md`.

A missed target is only useful with the evidence of where the time goes. Each profile runs in
a fresh process under pyinstrument (statistical, so the profiled code runs at close to full
speed) and is summarised three ways: self time by library (whose code is it?), the functions
with the most self time, and the call tree pruned to frames that carry at least a few percent.

Usage: `python -m bench.profiles KIND ARG...` prints one JSON object; `bench.run` calls it for
each missed target:

- `generation SPEC OUTDIR`: `python -m generator render SPEC -o OUTDIR`, in process;
- `import PACKAGE_DIR PACKAGE`: `import PACKAGE`;
- `calls BASE_URL CALLS`: CreateVpcEndpoint calls with `AkSkAuth` against `bench.server`;
- `signing SIGNATURES`: `AkSkAuth.sign` on the benchmark's requests.
"""

from __future__ import annotations

import importlib
import json
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.measure import ROOT

_STDLIB = sysconfig.get_paths()["stdlib"]
_TREE_THRESHOLD = 0.04  # prune call-tree frames below this share of the total
_TREE_LINES = 45


def library(file_path: str | None, parent: str) -> str:
    """Whose code a frame runs: a site-packages distribution, ours, the stdlib, or the caller's.

    Built-in functions have no file: their time belongs to the library that called them.
    """
    if not file_path or file_path.startswith("<built-in"):
        return parent
    if file_path.startswith("<frozen"):
        return "import machinery"
    if "site-packages/" in file_path:
        return file_path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    path = Path(file_path)
    if str(path).startswith(str(ROOT / "generator")):
        return "generator (ours)"
    for part in reversed(path.parts[:-1]):
        if part.endswith("_client"):
            return f"{part} (ours, generated)"
    if file_path.startswith(_STDLIB):
        module = Path(file_path[len(_STDLIB) :].lstrip("/")).parts[0].removesuffix(".py")
        return f"stdlib {module}"
    return parent if parent != "?" else path.name


def summarise(session: Any) -> dict[str, Any]:
    """Self time by library and by function, and the pruned call tree as text."""
    from pyinstrument.renderers import ConsoleRenderer

    root = session.root_frame()
    total = root.time if root is not None else 0.0
    by_library: dict[str, float] = {}
    by_function: dict[str, tuple[float, str]] = {}

    def walk(frame: Any, parent: str) -> None:
        here = library(frame.file_path, parent)
        if not frame.is_synthetic:
            own = frame.total_self_time
            by_library[here] = by_library.get(here, 0.0) + own
            where = f"{frame.file_path_short or ''}:{frame.line_no or ''}"
            if where.startswith("<built-in"):
                where = f"built-in, called from {here}"  # one row per calling library
            key = f"{frame.function}  {where}"
            seconds, _ = by_function.get(key, (0.0, here))
            by_function[key] = (seconds + own, here)
        for child in frame.children:
            walk(child, here)

    if root is not None:
        walk(root, "?")
    renderer = ConsoleRenderer(
        unicode=True,
        color=False,
        short_mode=True,
        processor_options={"filter_threshold": _TREE_THRESHOLD},
    )
    tree = renderer.render(session).strip().splitlines()
    return {
        "total_s": total,
        "by_library": sorted(
            ((name, seconds) for name, seconds in by_library.items() if seconds >= total / 200),
            key=lambda item: -item[1],
        )[:12],
        "by_function": sorted(
            ((name, seconds, lib) for name, (seconds, lib) in by_function.items()),
            key=lambda item: -item[1],
        )[:15],
        "tree": tree[:_TREE_LINES],
        "tree_truncated": len(tree) > _TREE_LINES,
    }


def _profile(work: Callable[[], object], interval: float = 0.0005) -> dict[str, Any]:
    from pyinstrument import Profiler

    profiler = Profiler(interval=interval)
    profiler.start()
    try:
        work()
    finally:
        session = profiler.stop()
    return summarise(session)


def _generation(spec: str, output: str) -> dict[str, Any]:
    from generator.cli import main

    return _profile(lambda: main(["render", spec, "-o", output]), interval=0.001)


def _import(folder: str, package: str) -> dict[str, Any]:
    sys.path.insert(0, folder)
    return _profile(lambda: importlib.import_module(package), interval=0.0002)


def _short(file_name: str) -> str:
    if "site-packages/" in file_name:
        return file_name.split("site-packages/", 1)[1]
    if file_name.startswith(_STDLIB):
        return file_name[len(_STDLIB) :].lstrip("/")
    return file_name.removeprefix(str(ROOT) + "/")


def _call_counts(call: Callable[[], object], calls: int) -> dict[str, tuple[float, float]]:
    """function → (calls per request, cumulative µs per request), from cProfile.

    Deterministic counts show what one client does that another does not; the times carry
    cProfile's overhead and only rank the differences.
    """
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call()
    profiler.disable()
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    counts: dict[str, tuple[float, float]] = {}
    for (file_name, line, function), (_, ncalls, _, cumulative, _) in stats.items():
        where = f"{_short(file_name)}:{line}" if line else file_name
        counts[f"{function}  {where}"] = (ncalls / calls, cumulative / calls * 1e6)
    return counts


def _calls(base_url: str, calls: str) -> dict[str, Any]:
    """pyinstrument on our AK/SK client, and cProfile call counts of it against raw httpx."""
    sys.path.insert(0, str(ROOT / "generated"))
    from hss_client import AkSkAuth, HssClient
    from hss_client.models import VpcAndSubNet

    from bench.calls import AK, HOST_IDS, PROJECT_ID, SK, SUBNET_IDS, VPC_ID, _raw_sync

    client = HssClient(base_url=base_url, project_id=PROJECT_ID, auth=AkSkAuth(AK, SK))
    raw = _raw_sync(base_url)

    def call() -> None:
        vpc = VpcAndSubNet(vpc_id=VPC_ID, subnet_id_list=SUBNET_IDS)
        client.create_vpc_endpoint(host_id_list=HOST_IDS, vpc_list=[vpc])

    def work() -> None:
        for _ in range(int(calls)):
            call()

    for _ in range(100):
        call()
        raw.call()
    try:
        summary = _profile(work)
        ours = _call_counts(call, int(calls))
        floor = _call_counts(raw.call, int(calls))
    finally:
        client.close()
        raw.close()
    differences = []
    for name, (count, cumulative) in ours.items():
        raw_count, raw_cumulative = floor.get(name, (0.0, 0.0))
        if cumulative - raw_cumulative > 1.0 and "bench/" not in name:
            differences.append((name, raw_count, count, raw_cumulative, cumulative))
    differences.sort(key=lambda row: row[3] - row[4])
    summary["versus_raw"] = differences[:16]
    return summary


def _signing(signatures: str) -> dict[str, Any]:
    """Both of our signers (the client's `authorize` and the auth flow's `sign`) in one profile."""
    sys.path.insert(0, str(ROOT / "generated"))
    from bench.signing import REQUESTS, SIGNER_AUTH, SIGNER_CLIENT, signers

    chosen = signers()
    batches = [
        (sign, [build(spec, dated) for _ in range(int(signatures)) for spec in REQUESTS])
        for build, sign, dated in (chosen[SIGNER_CLIENT], chosen[SIGNER_AUTH])
    ]

    def work() -> None:
        for sign, batch in batches:
            for request in batch:
                sign(request)

    return _profile(work, interval=0.0001)


KINDS: dict[str, Callable[..., dict[str, Any]]] = {
    "generation": _generation,
    "import": _import,
    "calls": _calls,
    "signing": _signing,
}


def main() -> None:
    kind, *arguments = sys.argv[1:]
    print(json.dumps(KINDS[kind](*arguments)))


if __name__ == "__main__":
    main()
