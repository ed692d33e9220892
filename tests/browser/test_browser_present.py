"""`make present LEARNERS=N LESSON=...`: app mode with warm kernels. A page served from the warm pool (the lesson
already run before the learner arrived) must work exactly like one rendered on arrival: its figures drawn, and
every explorer answering the keyboard, with no error in the browser's console."""

from __future__ import annotations

import time

import kitbrowser as kit
import pytest
from conftest import start_voila

from lessons.delivery import present

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

LESSON = "00_start_here.ipynb"  # the score explorer, the people grid and plotly figures: every kind of view


@pytest.fixture(scope="module")
def warm_server(chromium_path, server_tmp):
    (server_tmp / "present").mkdir(exist_ok=True)
    # a replacement for the one warm kernel only after 10 minutes: the second learner below must not wait for it
    server = start_voila(server_tmp / "present", app_mode=True, lesson=LESSON, learners=1, refill_delay_s=600)
    try:
        server.wait_for_log(present.READY, timeout_s=300)
        yield server
    finally:
        server.stop()


def open_and_check(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(kit.RENDER_TIMEOUT_MS)
    recorder = kit.Recorder(page)
    try:
        t0 = time.monotonic()
        info = kit.voila_open(page, server, LESSON)
        kit.wait_rendered(page)
        seconds = time.monotonic() - t0
        assert not info["errors"], "error output in the page:\n" + "\n".join(info["errors"])
        assert not kit.render_problems(page)
        assert kit.state(page)["explorers"] >= 2 and kit.state(page)["sliders"], "the explorers are missing"
        done, problems = kit.exercise_controls(page, notebook=LESSON)
        assert done and not problems, "\n".join(problems)
        assert not recorder.kit_errors(), recorder.kit_errors()
        return seconds
    finally:
        context.close()


def test_a_page_from_the_warm_pool_works_like_a_fresh_one(browser, warm_server):
    seconds = open_and_check(browser, warm_server)
    assert warm_server.log_tail(100_000).count("Using pre-heated kernel") == 1, "the page was not served from the pool"
    print(f"warm page of {LESSON} interactive after {seconds:.1f} s")


def test_a_latecomer_after_the_pool_is_used_gets_a_page_rendered_at_once(browser, warm_server):
    """The pool's one kernel is taken and its replacement waits 10 minutes: the next learner's page is rendered
    for them as without a pool, rather than waiting for the replacement."""
    seconds = open_and_check(browser, warm_server)
    assert warm_server.log_tail(100_000).count("Using pre-heated kernel") == 1, "a second learner took a pool kernel"
    print(f"latecomer's page of {LESSON} interactive after {seconds:.1f} s")
