"""`make present`'s launcher: Voila's app-mode arguments and the warm kernel pool (lessons/delivery/present.py)."""

from __future__ import annotations

import json
import math
import pathlib
import subprocess
import warnings

import pytest

from lessons import catalog
from lessons.delivery import present

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_no_pool_unless_learners_are_given():
    argv = present.voila_argv(catalog.NOTEBOOK_DIR, port=8870, token="abc123")
    assert not [a for a in argv if "preheat" in a or "kernel_pools_config" in a]
    assert argv[-1] == str(catalog.NOTEBOOK_DIR)
    assert "--template=kit" in argv and "--strip_sources=True" in argv and "--show_tracebacks=False" in argv


@pytest.mark.parametrize("lesson", ["03", "3", " 03 ", "03_detection_accuracy.ipynb"])
def test_a_pool_warms_one_lesson_and_no_other(lesson):
    assert present.pool_config(lesson, 20) == {"default": {"pool_size": 0},
                                               "03_detection_accuracy.ipynb": {"pool_size": 20}}


def test_voila_reads_the_pool_from_the_arguments():
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
    from voila.app import Voila
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    argv = present.voila_argv(catalog.NOTEBOOK_DIR, port=8871, token="abc123", lesson="05", learners=7,
                              refill_delay_s=30)
    app = Voila()
    app.parse_command_line(argv)
    assert app.config.VoilaConfiguration.preheat_kernel is True
    traits = voila_kernel_manager_factory(MappingKernelManager, True, 1).class_traits()  # Voila's own traits
    given = app.config.VoilaKernelManager
    with warnings.catch_warnings():  # traitlets 5 calls a whole JSON dict deprecated, and still reads it
        warnings.simplefilter("ignore", DeprecationWarning)
        pools = given.kernel_pools_config.get_value(traits["kernel_pools_config"])
    assert pools == {"default": {"pool_size": 0}, "05_human_contact.ipynb": {"pool_size": 7}}
    assert given.fill_delay.get_value(traits["fill_delay"]) == 30
    cull = app.config.MappingKernelManager.cull_idle_timeout
    assert cull.get_value(MappingKernelManager.class_traits()["cull_idle_timeout"]) == 1200
    assert app.config.Voila.token == "abc123"


@pytest.mark.parametrize("learners", [-1, present.MAX_LEARNERS + 1, 2.5, True, math.nan, math.inf, "20", None])
def test_bad_learners_are_refused_with_the_range(learners):
    with pytest.raises(ValueError, match=r"learners must be a whole number from 0 to 200; got"):
        present.pool_config("00", learners)


@pytest.mark.parametrize("lesson", ["8", "99", "lesson 3", "00_start_here", "", 3, None])
def test_bad_lessons_are_refused(lesson):
    with pytest.raises(ValueError, match=r"(number|name|lesson) must"):
        present.pool_config(lesson, 5)


@pytest.mark.parametrize(("name", "kwargs", "message"), [
    ("port", {"port": 0}, "port must be a whole number from 1 to 65,535"),
    ("port", {"port": 8866.5}, "port must be a whole number"),
    ("cull_s", {"cull_s": 10}, "cull_s must be a whole number from 60"),
    ("refill_delay_s", {"refill_delay_s": math.inf}, r"refill_delay_s must be a number in \[0, 3600\]"),
    ("refill_delay_s", {"refill_delay_s": -1}, r"refill_delay_s must be a number in \[0, 3600\]"),
    ("token", {"token": "a b"}, "token must be letters and digits"),
    ("ip", {"ip": ""}, "ip must be an address"),
    ("lesson", {"lesson": "nope.ipynb"}, "name must be one of the kit's notebooks"),
])
def test_bad_arguments_are_refused(name, kwargs, message):
    with pytest.raises(ValueError, match=message):
        present.voila_argv(catalog.NOTEBOOK_DIR, **kwargs)


def test_a_pool_needs_a_lesson():
    with pytest.raises(ValueError, match="lesson must be given"):
        present.voila_argv(catalog.NOTEBOOK_DIR, learners=3)


def test_the_command_line_refuses_a_bad_room_before_starting_voila(capsys):
    with pytest.raises(SystemExit) as stop:
        present.main(["--learners", "5000", "--lesson", "00"])
    assert stop.value.code == 2
    assert "learners must be a whole number from 0 to 200" in capsys.readouterr().err


def test_make_present_passes_the_room_to_the_launcher():
    out = subprocess.run(["make", "-n", "present", "LEARNERS=20", "LESSON=03", "PRESENT_IP=0.0.0.0"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.replace("\\\n", " ").splitlines() if "lessons.delivery.present" in x)
    assert "--ip 0.0.0.0" in line and "--learners 20 --lesson 03" in line
    plain = subprocess.run(["make", "-n", "present"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "--learners" not in next(x for x in plain.replace("\\\n", " ").splitlines()
                                    if "lessons.delivery.present" in x)


def test_the_pool_config_is_json_voila_can_read():
    argv = present.voila_argv(catalog.NOTEBOOK_DIR, lesson="00", learners=2)
    value = next(a for a in argv if a.startswith("--VoilaKernelManager.kernel_pools_config=")).split("=", 1)[1]
    assert json.loads(value)["00_start_here.ipynb"] == {"pool_size": 2}


def test_replacements_are_spaced_out():
    assert [present.refill_delay(k, 60) for k in range(4)] == [60, 65, 70, 75]
    assert present.refill_delay(3, 0, spacing_s=2.5) == 7.5
    for bad in (-1, 1.5, math.nan, True):
        with pytest.raises(ValueError, match="pending must be a whole number"):
            present.refill_delay(bad, 60)
    with pytest.raises(ValueError, match=r"base_s must be a number in \[0, 3600\]"):
        present.refill_delay(0, math.inf)


class FakePoolManager:
    """What gentle_pool touches on Voila 0.5's kernel manager: its private pools and its two pool methods."""

    def __init__(self, loop, ready: int, waiting: int):
        self._pools = {"00_start_here.ipynb": []}
        self.calls = []
        for _ in range(waiting):
            self._pools["00_start_here.ipynb"].append(loop.create_future())
        for i in range(ready):
            done = loop.create_future()
            done.set_result({"kernel_id": f"k{i}"})
            self._pools["00_start_here.ipynb"].append(done)

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
        self.calls.append((delay, notebook_name))

    def get_pool_size(self, notebook_name):
        return len(self._pools.get(notebook_name, []))


def test_only_ready_kernels_count_and_they_are_taken_first():
    import asyncio

    loop = asyncio.new_event_loop()
    try:
        km = FakePoolManager(loop, ready=2, waiting=3)
        present.gentle_pool(km, 60)
        assert km.get_pool_size("00_start_here.ipynb") == 2
        assert km._pools["00_start_here.ipynb"][0].done()  # the handler takes the first: a ready one
        assert km.get_pool_size("05_human_contact.ipynb") == 0
        empty = FakePoolManager(loop, ready=0, waiting=4)
        present.gentle_pool(empty, 60)
        assert empty.get_pool_size("00_start_here.ipynb") == 0  # so the page is rendered for the learner at once
    finally:
        loop.close()


def test_a_replacement_waits_longer_the_more_are_already_waiting():
    import asyncio

    loop = asyncio.new_event_loop()
    try:
        km = FakePoolManager(loop, ready=1, waiting=3)
        present.gentle_pool(km, 60)
        km.fill_if_needed(notebook_name="00_start_here.ipynb")
        km.fill_if_needed(delay=0, notebook_name="00_start_here.ipynb")  # Voila's own start-up fill: untouched
        assert km.calls == [(60 + 3 * present.REFILL_SPACING_S, "00_start_here.ipynb"), (0, "00_start_here.ipynb")]
    finally:
        loop.close()


def test_after_the_class_arrives_only_a_few_spares_are_kept():
    assert [present.spare_kernels(n) for n in (1, 10, 20, 21, 30, 200, 300)] == [2, 2, 2, 3, 3, 20, 30]
    for bad in (0, -5, 2.5, math.nan, "20"):
        with pytest.raises(ValueError, match="learners must be a whole number of at least 1"):
            present.spare_kernels(bad)
