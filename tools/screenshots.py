"""Screenshots of two explorers for the README, taken the way the browser tests see the lessons (``make screenshots``).

    python tools/screenshots.py

Starts the kit's Voila app (the browser tests' harness: tests/browser/conftest.py and kitbrowser.py, on a free
localhost port with a token), opens each lesson in headless Chromium, waits until every figure is drawn, and saves
the first explorer of the lesson as a PNG under assets/. The server and its kernels are stopped afterwards.
"""

from __future__ import annotations

import pathlib
import shutil
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

import conftest as harness  # noqa: E402  (the browser tests' server helpers)
import kitbrowser as kit  # noqa: E402

SHOTS = (
    # notebook, which explorer on the page (0 = first), file under assets/
    ("00_start_here.ipynb", 0, "screenshot-screening-explorer.png"),
    ("05_human_contact.ipynb", 0, "screenshot-route-explorer.png"),
)
VIEWPORT = {"width": 1100, "height": 2600}  # tall enough for a whole explorer: no scrolling while it is captured


def main() -> int:
    chromium = kit.find_chromium()
    if chromium is None:
        print(kit.INSTALL_HINT)
        return 1
    from playwright.sync_api import sync_playwright

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="kit-shots-"))
    server = harness.start_voila(tmp)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=kit.CHROMIUM_ARGS)
            for notebook, index, name in SHOTS:
                page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
                page.set_default_timeout(kit.RENDER_TIMEOUT_MS)
                info = kit.voila_open(page, server, notebook)
                kit.wait_rendered(page)
                if info["errors"]:
                    raise RuntimeError(f"{notebook}: {info['errors']}")
                explorer = page.locator(".kit-explorer").nth(index)
                explorer.scroll_into_view_if_needed()
                target = ROOT / "assets" / name
                explorer.screenshot(path=str(target), animations="disabled")
                print(f"wrote {target.relative_to(ROOT)}")
                page.close()
                if info["kernelId"]:
                    server.post(f"/voila/api/shutdown/{info['kernelId']}")
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
