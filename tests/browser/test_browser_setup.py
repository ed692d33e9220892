"""The browser tests' own set-up: a missing Chromium skips locally with one clear line, and fails under
CI=true; the Voila template used for offline app mode drops the upstream CDN links. No browser needed."""

from __future__ import annotations

import pathlib
import sys

import kitbrowser as kit
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_missing_chromium_skips_locally_with_install_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("KIT_CHROMIUM", str(tmp_path / "no-such-chromium"))
    monkeypatch.delenv("CI", raising=False)
    assert kit.find_chromium() is None
    with pytest.raises(pytest.skip.Exception) as info:
        kit.missing(kit.INSTALL_HINT)
    assert "sudo apt-get install chromium" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_missing_chromium_fails_under_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception) as info:
        kit.missing(kit.INSTALL_HINT)
    assert "sudo apt-get install chromium" in str(info.value)


def test_foreign_requests_are_found():
    class FakePage:
        def on(self, *_):
            pass

    rec = kit.Recorder(FakePage())
    rec.requests = ["http://127.0.0.1:8888/lab", "http://localhost:1/x", "data:font/woff2;base64,AA",
                    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@5/css/all.min.css",
                    "https://fonts.googleapis.com/css?family=Roboto"]
    assert rec.foreign_requests() == rec.requests[3:]


def test_kit_voila_template_has_no_cdn_links():
    template = ROOT / "share" / "jupyter" / "voila" / "templates" / "kit"
    assert (template / "conf.json").exists()
    text = (template / "index.html.j2").read_text()
    assert "extends 'lab/index.html.j2'" in text
    upstream = pathlib.Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "lab" / "index.html.j2"
    if upstream.exists():  # the strings we strip must still be the upstream ones, or stripping does nothing
        up = upstream.read_text()
        for line in up.splitlines():
            if "cdn.jsdelivr.net" in line and "<link" in line:
                assert line.strip() in text, f"upstream CDN link changed; update the kit template: {line.strip()}"
