"""Temp folders and memory of the web app under checks and exports from four writers at once.

Run: python bench/app_temp_dirs.py [--requests 200] [--sessions 4]
The app runs in a child process (fake model, empty store) with its own TMPDIR and GRADIO_TEMP_DIR, so every
folder counted is one it made. Each gradio_client session loads the figures table once, then the sessions
share the requests, cycling 数字核对 / 导出 Word / 导出 Markdown over drafts that differ each time. Printed:
folders under the app's temp root (any depth) and the app's resident memory, after start, with the sessions
open, after the requests and once the sessions have closed.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES_CSV = ROOT / "tests" / "data" / "figures" / "figures_2025h1.csv"
KINDS = ("check", "export_docx", "export_markdown")


def serve(port: int, home: Path) -> None:
    """The child: the app as app.py assembles it, with a fake model and an empty store, until killed."""
    sys.path.insert(0, str(ROOT))  # the test fake: a model is not the point of this measurement
    from assistant.settings import get_settings
    from assistant.store.knowledge_base import KnowledgeBase
    from assistant.ui import create_app, launch_options
    from tests.fakes import FakeChatModel

    settings = get_settings(store=home / "store", corpus=home / "no-corpus")
    app = create_app(settings, kb=KnowledgeBase(settings), model=FakeChatModel())
    app.queue(default_concurrency_limit=4).launch(**{**launch_options(settings), "server_port": port, "quiet": True})


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def folders(root: Path) -> int:
    """Folders under `root`, at any depth."""
    return sum(1 for p in root.rglob("*") if p.is_dir())


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_until_up(url: str, child: subprocess.Popen, timeout: float = 180) -> None:
    """Poll the app until it answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            sys.exit(f"app exited with code {child.returncode}")
        try:
            urllib.request.urlopen(url + "config", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("app did not start")


UNIT, PERIOD, SCOPE = "青川经济开发区", "2025年1-6月", "当前稿件"


def one_request(client, kind: str, n: int, table: dict, notes: str) -> None:
    """One check or export of a draft that differs by `n`, every argument given as the page sends it."""
    body = f"一、主要经济指标\n1-6月，规上工业总产值128.5亿元，同比增长4.47%。（第{n}稿）"
    if kind == "check":
        client.predict(table, notes, [], body, PERIOD, UNIT, api_name="/check")
    elif kind == "export_docx":
        client.predict(f"第{n}稿", body, table, notes, [], UNIT, "2025年7月10日", SCOPE, "", PERIOD, api_name="/export_docx")
    else:
        client.predict(f"第{n}稿", body, table, notes, [], SCOPE, "", UNIT, PERIOD, api_name="/export_markdown")


def run(url: str, requests: int, sessions: int, measure) -> list[tuple[str, int, int, float]]:
    """Open the sessions, run the requests across them, close them; the measurements between."""
    from gradio_client import Client, handle_file

    rows = [measure("app started", 0)]
    clients = [Client(url, verbose=False, download_files=False) for _ in range(sessions)]
    tables = [c.predict(handle_file(str(FIGURES_CSV)), api_name="/load_table")[:2] for c in clients]  # (table, notes, read-back)
    rows.append(measure(f"{sessions} sessions open, table loaded", 0))
    counter = iter(range(requests))
    lock = threading.Lock()
    failures: list[str] = []

    def work(client, table) -> None:
        while True:
            with lock:
                n = next(counter, None)
            if n is None or failures:
                return
            try:
                one_request(client, KINDS[n % len(KINDS)], n, *table)
            except Exception as error:  # a request that fails is not a measurement: the run stops and says why
                failures.append(f"{KINDS[n % len(KINDS)]} #{n}: {type(error).__name__}: {error}")

    threads = [threading.Thread(target=work, args=(c, t)) for c, t in zip(clients, tables)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    if failures:
        sys.exit(f"{len(failures)} request(s) failed, nothing measured; first: {failures[0]}")
    rows.append(measure(f"after the requests ({seconds:.0f} s)", requests))
    for c in clients:
        c.close()
    # The app hears of a closed session when its heartbeat connection drops (within Gradio's 15 s heartbeat).
    closed, deadline, opened = time.monotonic(), time.monotonic() + 30, rows[1][2]
    while measure("", requests)[2] > opened + 1 and time.monotonic() < deadline:  # +1: the app's own folder
        time.sleep(0.5)
    rows.append(measure(f"sessions closed (+{time.monotonic() - closed:.0f} s)", requests))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "HOME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), Path(args.serve[1]))
        return
    with tempfile.TemporaryDirectory(prefix="bench-app-") as home:
        temp = Path(home) / "temp"
        temp.mkdir()
        env = {**os.environ, "TMPDIR": str(temp), "GRADIO_TEMP_DIR": str(temp / "gradio"), "GRADIO_ANALYTICS_ENABLED": "False"}
        port = free_port()
        child = subprocess.Popen([sys.executable, __file__, "--serve", str(port), home], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_until_up(url, child)

            def measure(phase: str, done: int) -> tuple[str, int, int, float]:
                return phase, done, folders(temp), rss_mb(child.pid)

            rows = run(url, args.requests, args.sessions, measure)
        finally:
            child.terminate()
            child.wait(timeout=30)
    import assistant

    print(f"app code: {Path(assistant.__file__).parent.parent}")
    print(f"{'phase':<36}{'requests':>9}{'temp folders':>14}{'app RSS MB':>12}")
    for phase, done, count, rss in rows:
        print(f"{phase:<36}{done:>9}{count:>14}{rss:>12.1f}")


if __name__ == "__main__":
    main()
