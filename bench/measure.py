"""Measuring whole processes, and summarising repeated samples.

Shared, noisy machines make single absolute times meaningless, so every figure here is several
samples summarised by their median and spread, and compared as a ratio with a reference measured
in the same run. Processes are measured whole (interpreter start, imports, work, exit), because
that is what a user waits for.

Peak memory is `ru_maxrss` of the measured process (the largest resident set of it or of any
descendant it waited for), read by GNU time (`/usr/bin/time -f %M`) which starts it. Not read
here directly, because Linux carries the forking process's own high-water mark into a child's
`ru_maxrss` across exec: a child of this (larger) process would report at least our size. Not
`getrusage(RUSAGE_CHILDREN)` either, which keeps the maximum over every child we ever had.
Without GNU time, `os.wait4` on the child is the fallback, and small peaks read high.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
GNU_TIME = Path("/usr/bin/time")


@dataclass(frozen=True)
class Sample:
    """One process: wall seconds, peak resident set in MiB, and what it printed."""

    seconds: float
    peak_mib: float
    stdout: str


@dataclass(frozen=True)
class Summary:
    """Median and spread of repeated measurements of one quantity."""

    median: float
    low: float
    high: float
    q1: float
    q3: float
    count: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        if not values:
            raise ValueError("no samples to summarise")
        ordered = sorted(values)
        if len(ordered) >= 2:
            q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
        else:
            q1 = q3 = ordered[0]
        return cls(statistics.median(ordered), ordered[0], ordered[-1], q1, q3, len(ordered))

    def spread(self) -> float:
        """The relative width of the interquartile range: how far to trust the median."""
        return (self.q3 - self.q1) / self.median if self.median else 0.0


class MeasurementError(RuntimeError):
    """A measured process failed: its command and the tail of what it said."""


def bench_environment(pycache: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment every measured process gets.

    Bytecode is cached (as on any user's machine) but in `pycache`, outside the source trees,
    so measurements leave `generated/` untouched; a first, discarded run fills the cache.
    `.venv/bin` comes first on PATH so that generators find the pinned ruff.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "PYTHONPYCACHEPREFIX")
    }
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
    env["PYTHONHASHSEED"] = "0"
    if extra:
        env.update(extra)
    return env


def run_process(
    command: Sequence[str],
    env: Mapping[str, str],
    cwd: Path | None = None,
    timeout: float = 600.0,
) -> Sample:
    """Run `command` once and measure it; raise `MeasurementError` if it fails.

    Output goes to temporary files rather than pipes, so that this process can reap the child
    itself with `os.wait4` the moment it exits.
    """
    timed_out = threading.Event()
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile(prefix="bench-time-") as peak_file,
    ):
        wrapped = list(command)
        if GNU_TIME.exists():
            wrapped = [str(GNU_TIME), "-f", "%M", "-o", peak_file.name, *wrapped]
        started = time.perf_counter()
        process = subprocess.Popen(
            wrapped,
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group: a time-out ends all of it
        )

        def kill() -> None:
            timed_out.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        reported = Path(peak_file.name).read_text().split()
    if timed_out.is_set():
        raise MeasurementError(f"{' '.join(command)}: still running after {timeout} s")
    if process.returncode != 0:
        tail = stderr.strip().splitlines()[-5:]
        raise MeasurementError(
            f"{' '.join(command)} exited {process.returncode}: " + " | ".join(tail)
        )
    # Both report KiB on Linux; GNU time's figure is the last word it wrote.
    peak_kib = int(reported[-1]) if reported and reported[-1].isdigit() else usage.ru_maxrss
    return Sample(seconds, peak_kib / 1024, stdout)


def run_json(
    command: Sequence[str], env: Mapping[str, str], timeout: float = 600.0
) -> dict[str, object]:
    """Run a worker that prints one JSON object as its last line, and return that object."""
    sample = run_process(command, env, timeout=timeout)
    lines = sample.stdout.strip().splitlines()
    if not lines:
        raise MeasurementError(f"{' '.join(command)} printed nothing")
    result = json.loads(lines[-1])
    if not isinstance(result, dict):
        raise MeasurementError(f"{' '.join(command)} printed {lines[-1]!r}, not an object")
    return result


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def machine() -> dict[str, str]:
    """What the numbers were measured on, load included: a busy machine explains odd figures."""
    load = os.getloadavg()
    return {
        "CPU": f"{_cpu_model()}, {os.cpu_count()} logical CPUs",
        "memory": f"{_memory_gib():.1f} GiB",
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "load average at start (1/5/15 min)": " / ".join(f"{value:.2f}" for value in load),
    }


VERSIONED = (
    "huawei-page-generator",
    "openapi-python-client",
    "datamodel-code-generator",
    "ruff",
    "httpx",
    "pydantic",
    "pydantic-core",
    "PyYAML",
    "openapi-spec-validator",
    "huaweicloudsdkcore",
    "huaweicloudsdkhss",
    "requests",
    "matplotlib",
    "pyinstrument",
)


def versions() -> dict[str, str]:
    """Installed versions of every tool and library the figures depend on."""
    found: dict[str, str] = {}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found
