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


def test_serve_rebuilds_on_change_and_keeps_last_good_site(project):
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
                page = get(f"{base}/de/gemeinden/musterdorf/")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert "/__wegweiser/reload.js" in page  # the reload script, only in the preview
        assert "poll" in get(f"{base}/__wegweiser/reload.js")
        assert "Sprachcafé Musterdorf" in page
        version = get(f"{base}/__wegweiser/build")

        offer = project / "municipalities/musterdorf/offers/sprachcafe-musterdorf.yml"
        offer.write_text(offer.read_text(encoding="utf-8").replace("Sprachcafé Musterdorf", "Sprachtreff Musterdorf"), encoding="utf-8")
        newer = get(f"{base}/__wegweiser/build?v={version}")
        assert int(newer) == int(version) + 1
        assert "Sprachtreff Musterdorf" in get(f"{base}/de/gemeinden/musterdorf/")

        offer.write_text(offer.read_text(encoding="utf-8") + "phone: ['kaputt']\n", encoding="utf-8")
        time.sleep(4)  # a failed rebuild must not bump the version nor change the preview
        assert get(f"{base}/__wegweiser/build") == newer
        assert "Sprachtreff Musterdorf" in get(f"{base}/de/gemeinden/musterdorf/")
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "sprachcafe-musterdorf.yml:12: phone: \"kaputt\" ist keine gültige Telefonnummer" in err
    assert "Traceback" not in err
