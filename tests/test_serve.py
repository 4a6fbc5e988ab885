"""`wegweiser serve`: builds, serves, and rebuilds when data changes (the browser then reloads)."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 30) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def wait_ready(base: str, timeout: float = 120) -> None:
    """Until every language is prepared for page-by-page updates and no full build runs."""
    deadline = time.monotonic() + timeout
    while get(f"{base}/__wegweiser/ready") != "ready":
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_serve_rebuilds_on_change_and_keeps_last_good_site(project):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--root", str(project), "serve", "--lang", "de", "--lang", "en",
         "--address", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                page = get(f"{base}/de/gemeinden/musterdorf/")  # the reader's page: updated first
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert "/__wegweiser/reload.js" in page  # the reload script, only in the preview
        assert "poll" in get(f"{base}/__wegweiser/reload.js")
        assert "Sprachcafé Musterdorf" in page
        wait_ready(base)
        version = get(f"{base}/__wegweiser/build")

        offer = project / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
        offer.write_text(offer.read_text(encoding="utf-8").replace("Sprachcafé Musterdorf", "Sprachtreff Musterdorf"), encoding="utf-8")
        newer = get(f"{base}/__wegweiser/build?v={version}")  # the first reload: the reader's page is done
        assert int(newer) > int(version)
        assert "Sprachtreff Musterdorf" in get(f"{base}/de/gemeinden/musterdorf/")
        wait_ready(base)
        assert "Sprachtreff Musterdorf" in get(f"{base}/en/angebote/sprachcafe-musterdorf/")  # the other language follows
        settled = get(f"{base}/__wegweiser/build")

        offer.write_text(offer.read_text(encoding="utf-8") + "phone: ['kaputt']\n", encoding="utf-8")
        time.sleep(4)  # a failed rebuild must not bump the version nor change the preview
        assert get(f"{base}/__wegweiser/build") == settled
        assert "Sprachtreff Musterdorf" in get(f"{base}/de/gemeinden/musterdorf/")
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "Seite aktualisiert in" in err  # page by page, not by a full build
    assert "Ganzer Neubau" not in err
    assert "sprachcafe-musterdorf.yml:12: phone: \"kaputt\" ist keine gültige Telefonnummer" in err
    assert "Traceback" not in err


def test_serve_builds_everything_again_when_the_theme_changes(project):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--root", str(project), "serve", "--lang", "de", "--address", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                get(f"{base}/de/angebote/jobcenter-test/")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline
                time.sleep(0.2)
        wait_ready(base)
        theme = project / "theme/main.html"
        theme.write_text(theme.read_text(encoding="utf-8").replace(
            '<p class="ww-offline-notice"', '<p class="ww-theme-marker">Thema geändert</p>\n  <p class="ww-offline-notice"', 1),
            encoding="utf-8")
        wait_ready(base)
        time.sleep(0.5)
        wait_ready(base)  # the full build, then every language prepared again
        assert "Thema geändert" in get(f"{base}/de/angebote/jobcenter-test/")
        assert "Thema geändert" in get(f"{base}/de/gemeinden/musterdorf/")
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "Ganzer Neubau fertig." in err
    assert "Traceback" not in err
