"""Every lesson in Voila app mode (the classroom view, `make present`): runs without errors, renders,
its explorers respond to the keyboard with figures keeping their size and axes, axe-core finds no
serious or critical problem on the whole page, nothing is fetched from the internet; and the memory
of each lesson's kernel is recorded."""

from __future__ import annotations

import time

import kitbrowser as kit
import pytest
import walks
from a11y import EXCLUDED_VOILA, axe_problems

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


class Opened:
    def __init__(self, name, page, recorder, info, seconds, render_error):
        self.name, self.page, self.recorder, self.info, self.seconds = name, page, recorder, info, seconds
        self.render_error = render_error


def kernel_rss_mb(server, kernel_id):
    try:
        import psutil
    except ImportError:
        return None
    for pid in server.kernel_pids():
        try:
            proc = psutil.Process(pid)
            if not kernel_id or any(kernel_id in part for part in proc.cmdline()):
                return round(proc.memory_info().rss / 2**20, 1)
        except psutil.Error:
            continue
    return None


OPENED: set[str] = set()


@pytest.fixture(scope="module", params=kit.notebooks())
def voila(request, browser, voila_server, report):
    name = request.param
    # each lesson runs once per front end: a test order that split a lesson's tests would open it again
    assert name not in OPENED, f"{name} opened a second time in this module: its tests were not kept together"
    OPENED.add(name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(kit.RENDER_TIMEOUT_MS)
    recorder = kit.Recorder(page)
    start = time.monotonic()
    render_error = None
    info = kit.voila_open(page, voila_server, name)
    try:
        kit.wait_rendered(page)
    except Exception as err:  # the render test reports what is missing
        render_error = f"{type(err).__name__}: {err}"[:300]
    seconds = round(time.monotonic() - start, 1)
    report["voila_seconds"][name] = seconds
    report["plots"].setdefault(name, {})["voila"] = len(kit.state(page)["plots"])
    report["kernel_rss_mb"][name] = kernel_rss_mb(voila_server, info["kernelId"])
    yield Opened(name, page, recorder, info, seconds, render_error)
    context.close()
    if info["kernelId"]:  # what the page does on beforeunload: free the lesson's kernel now
        voila_server.post(f"/voila/api/shutdown/{info['kernelId']}")


def test_voila_cells_run_without_errors(voila):
    assert not voila.info["errors"], f"{voila.name}: error output in Voila:\n" + "\n".join(voila.info["errors"])
    text = voila.page.evaluate("() => document.body.innerText")
    for marker in ("Traceback (most recent call last)", "There was an error when executing cell"):
        assert marker not in text, f"{voila.name}: {marker!r} on the page"


def test_voila_widgets_and_figures_render(voila, report):
    problems = kit.render_problems(voila.page)
    if voila.render_error:
        problems.insert(0, f"not rendered in time: {voila.render_error}")
    assert not problems, f"{voila.name}:\n" + "\n".join(problems)
    counts = report["plots"].get(voila.name, {})
    if "lab" in counts:
        assert counts["voila"] == counts["lab"], f"{voila.name}: {counts['voila']} figures in Voila, {counts['lab']} in JupyterLab"


def test_voila_code_is_hidden(voila):
    assert voila.page.locator(".jp-InputArea .jp-CodeMirrorEditor, .jp-InputArea-editor").count() == 0


# The detailed walks of single explorers (walks.py) run on the page this module already opened for their lesson
# (an indirect parameter reuses the module-scoped fixture), before the generic keyboard checks move its controls.
@pytest.mark.parametrize("voila,walk", walks.cases(kit.notebooks()), indirect=True)
def test_voila_explorer_walk(walk, voila, axe_source):
    walk(voila.page, "voila", axe_source)


def test_voila_controls_respond_and_figures_keep_size_and_axes(voila):
    done, problems = kit.exercise_controls(voila.page, notebook=voila.name)
    assert not problems, f"{voila.name}:\n" + "\n".join(problems) + "\n(done: " + "; ".join(done) + ")"


def test_voila_page_accessible(voila, axe_source):
    problems = axe_problems(kit.run_axe(voila.page, axe_source), EXCLUDED_VOILA)
    assert not problems, f"{voila.name}: axe-core (serious/critical):\n" + kit.format_violations(problems)


def test_voila_links_in_text_are_underlined(voila):
    plain = kit.links_told_by_colour_only(voila.page, "#rendered_cells a")
    assert not plain, f"{voila.name}: links told apart by colour only:\n" + "\n".join(plain[:20])


def test_voila_no_console_errors_from_the_kit(voila):
    errors = voila.recorder.kit_errors()
    assert not errors, f"{voila.name}: console errors:\n" + "\n".join(errors)


def test_voila_offline(voila):
    foreign = voila.recorder.foreign_requests()
    assert not foreign, f"{voila.name}: requests to hosts other than localhost:\n" + "\n".join(foreign)


def test_voila_page_opens_with_the_kits_help_bar(voila):
    from lessons.content.notices import EMERGENCY_LEAD

    bar = voila.page.locator("aside.kit-help")
    assert bar.count() == 1, f"{voila.name}: the help bar is missing"
    assert bar.is_visible()
    text = bar.inner_text()
    for needle in ("988", "116 123", "85258", "13 11 14", "1737", EMERGENCY_LEAD, "not clinical advice"):
        assert needle in text, f"{voila.name}: the help bar lacks {needle!r}"
