"""``./run bench --edit``: how long a saved offer file takes to show in ``wegweiser serve``.

On a copy of the shipped data (outside the repository), ``wegweiser serve`` starts with every
language. A reader has the offer's German page open (the benchmark fetches it once, as a
browser would). Then, ``--edits`` times, the benchmark changes the offer's German name in its
file and measures

* until the reader's page (``/de/angebote/<id>/``) serves the new name, and
* until the same offer's page in every other language does (they show the German name too),
* until serve reports every affected page and the shared files done (``/__wegweiser/ready``).

Each edit waits for the previous one to reach every language. The table gives the median and
the range. Python's start-up and the first build are not included.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (OSError, urllib.error.URLError):
        return None


def edited_offer(root: Path) -> Path:
    """The first offer of the first municipality (by folder name) that serves only its own town."""
    for folder in sorted((root / "municipalities").iterdir()):
        if folder.name == "enzkreis" or not (folder / "offers").is_dir():
            continue
        for path in sorted((folder / "offers").glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if "serves" not in data:
                return path
    raise RuntimeError("no offer of a single municipality in the shipped data")


def rename(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"(?m)^(name:\n  de: )" + re.escape(old) + "$")
    changed, count = pattern.subn(lambda m: m.group(1) + new, text)
    if count != 1:
        raise RuntimeError(f"{path}: name.de not found as a plain one-line value")
    path.write_text(changed, encoding="utf-8")


def wait_for(url: str, text: str, deadline: float) -> float:
    """Poll ``url`` until its page contains ``text``; the time it first did."""
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return time.monotonic()
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {text!r} in time")


def run(root: Path, edits: int, timeout: float) -> list[tuple[float, float, float]]:
    offer = edited_offer(root)
    offer_id = offer.stem
    name = yaml.safe_load(offer.read_text(encoding="utf-8"))["name"]["de"]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    languages = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["wegweiser"]["languages"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "serve", "--address", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    results = []
    try:
        page = f"{base}/de/angebote/{offer_id}/"
        deadline = time.monotonic() + timeout
        wait_for(page, name, deadline)  # the first build, and the reader opens the page
        ready = f"{base}/__wegweiser/ready"
        while fetch(ready) not in (None, "ready") and time.monotonic() < deadline:  # warming up in the background
            time.sleep(0.2)
        current = name
        for i in range(edits):
            new = f"{name} (Bearbeitung {i + 1})"
            rename(offer, current, new)
            saved = time.monotonic()
            shown = wait_for(page, new, saved + timeout) - saved
            others = max(wait_for(f"{base}/{lang}/angebote/{offer_id}/", new, saved + timeout) for lang in languages) - saved
            fetch(page)  # the reader is back on the German page (the server updates the reader's page first)
            time.sleep(0.3)  # the server sees the change, so that "ready" below means this change is done
            while fetch(ready) == "warming" and time.monotonic() < saved + timeout:
                time.sleep(0.05)
            done = time.monotonic() - saved
            results.append((shown, others, done))
            print(f"edit {i + 1}: reader's page {shown:6.2f} s, every language {others:6.2f} s, "
                  f"all done {done:6.2f} s", file=sys.stderr)
            current = new
            time.sleep(1.0)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return results


def table(results: list[tuple[float, float, float]]) -> str:
    shown = [r[0] for r in results]
    others = [r[1] for r in results]
    done = [r[2] for r in results]
    lines = [
        f"edit latency in wegweiser serve, shipped data, every language; {len(results)} edits; {os.cpu_count()} CPUs",
        "  from saving an offer file (its German name) until the page serves it:",
        f"  reader's page (/de/angebote/<id>/)  median {statistics.median(shown):6.2f} s  (min {min(shown):.2f}, max {max(shown):.2f})",
        f"  the offer's page in every language  median {statistics.median(others):6.2f} s  (min {min(others):.2f}, max {max(others):.2f})",
        f"  every page and shared file updated  median {statistics.median(done):6.2f} s  (min {min(done):.2f}, max {max(done):.2f})"
        "  (serve says ready; a server without that endpoint: not measured)",
    ]
    return "\n".join(lines)


def main(repo: Path, make_shipped_project, edits: int = 5, timeout: float = 600.0) -> int:
    temp = Path(tempfile.mkdtemp(prefix="wegweiser-bench-edit-"))
    try:
        root = make_shipped_project(temp / "project")
        print(table(run(root, edits, timeout)))
        return 0
    finally:
        shutil.rmtree(temp, ignore_errors=True)
