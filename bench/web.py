"""Page throughput and latency: /today and a lesson page against a bare Django view.

Seeds (once, cached in bench/out/) a SQLite database with 10,000 learners and their history,
serves it with gunicorn exactly as `make run` does, and drives it with wrk at 32 connections.
Requests to /today and the lesson rotate over 1,000 logged-in learners.
"""

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB = OUT / "web.sqlite3"
LEARNERS = 10_000
LOGGED_IN = 1_000
CONNECTIONS = 32
ROUNDS = 5
ROUND_DURATION = "5s"
SEED_VERSION = "2"


@dataclass
class Result:
    name: str
    path: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    # Median over rounds of this page's rate over the bare view's rate in the same round:
    # paired rounds cancel most of a shared machine's swings.
    vs_bare: float


def bench_environment() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "PRODUCTION"}
    }
    env["DATABASE_URL"] = f"sqlite:///{DB}"
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["LOG_LEVEL"] = "WARNING"
    return env


def manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=bench_environment(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_database() -> None:
    marker = OUT / "web.seeded"
    if DB.exists() and marker.exists() and marker.read_text() == SEED_VERSION:
        print(f"Using the seeded database {DB.relative_to(ROOT)} (delete it to re-seed)")
        manage("migrate", "--noinput")
        manage("load_content")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("web.sqlite3*"):
        stale.unlink()
    manage("migrate", "--noinput")
    manage("createcachetable")
    manage("load_content")
    started = time.perf_counter()
    code = (
        "import django; django.setup();"
        "from bench.seed import seed_learners, now_utc;"
        f"seed_learners(count={LEARNERS}, now=now_utc())"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=bench_environment(), check=True)
    marker.write_text(SEED_VERSION)
    print(f"Seeded {LEARNERS:,} learners in {time.perf_counter() - started:.0f} s")


def session_cookies() -> list[str]:
    code = (
        "import django, json; django.setup();"
        "from bench.sessions import session_keys;"
        f"print(json.dumps(session_keys({LOGGED_IN})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=bench_environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    return list(json.loads(out.stdout))


def table_counts() -> dict[str, int]:
    code = (
        "import django, json; django.setup();"
        "from bench.sessions import table_counts;"
        "print(json.dumps(table_counts()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=bench_environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    env = bench_environment()
    server = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi",
            "--config",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def wrk_script(cookies: list[str]) -> Path:
    script = OUT / "rotate-learners.lua"
    quoted = ",".join(f'"{cookie}"' for cookie in cookies)
    script.write_text(
        f"local cookies = {{{quoted}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        '  return wrk.format("GET", nil, {["Cookie"] = "sessionid=" .. cookies[(i % #cookies) + 1]})\n'
        "end\n"
    )
    return script


def run_wrk(url: str, script: Path | None, duration: str) -> tuple[float, float, float, int]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, p50, p99, int(errors.group(1)) if errors else 0


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("Installing Debian's wrk for the load test")
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(
        [*prefix, "apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL
    )


def main() -> list[Result]:
    ensure_wrk()
    prepare_database()
    counts = table_counts()
    print("Rows: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    script = wrk_script(session_cookies())
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    targets = [
        ("bare Django view", "/healthz", None),
        ("Today", "/today/", script),
        ("lesson page", "/learn/client-server/", script),
    ]
    runs: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name, _, _ in targets}
    try:
        for _, path, lua in targets:
            run_wrk(base + path, lua, "3s")  # warm-up: connections, caches, page cache
        # The pages take turns, round after round, so a noisy neighbour on a shared machine
        # slows all three alike instead of whichever page happened to be running.
        for _ in range(ROUNDS):
            for name, path, lua in targets:
                runs[name].append(run_wrk(base + path, lua, ROUND_DURATION))
    finally:
        server.terminate()
        server.wait(timeout=10)
    results = [
        Result(
            name,
            path,
            statistics.median(run[0] for run in runs[name]),
            statistics.median(run[1] for run in runs[name]),
            statistics.median(run[2] for run in runs[name]),
            sum(run[3] for run in runs[name]),
            statistics.median(
                page[0] / bare[0]
                for page, bare in zip(runs[name], runs[targets[0][0]], strict=True)
            ),
        )
        for name, path, _ in targets
    ]
    print(
        f"\nWeb pages: gunicorn (config/gunicorn.py) on SQLite, wrk {CONNECTIONS} connections;"
        f" median of {ROUNDS} interleaved rounds of {ROUND_DURATION}"
    )
    print(f"{'page':<18}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs bare':>9}{'errors':>8}")
    for result in results:
        print(
            f"{result.name:<18}{result.requests_per_second:>9.0f}{result.p50_ms:>9.1f}"
            f"{result.p99_ms:>9.1f}{result.vs_bare:>9.2f}{result.errors:>8}"
        )
    print("(vs bare: the median of the per-round ratios; each round runs the three pages in turn)")
    print("Targets: >= 0.125 x the bare view's throughput; p99 < 100 ms at 32 connections.")
    (OUT / "web.json").write_text(json.dumps([asdict(r) for r in results], indent=2))
    return results


if __name__ == "__main__":
    main()
