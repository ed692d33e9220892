"""The kit's controls on a slow machine: Python's changes reach the browser however slowly the page loaded.

The browser side is tested in tests/browser/test_browser_slow.py (anywidget's 2 s window shut for every
model, and lesson 01 at 20x CPU throttling). Here: the Python half of the hand-shake in
lessons/ui/assets/control_channel.js.
"""

import re

import pytest

from lessons.ui.assets import asset
from lessons.ui.controls import KitControl, NumberSlider, Select, dropdown

ASSETS = {NumberSlider: "number_slider.js", Select: "select.js"}


def controls():
    return [NumberSlider("Threshold", 0.5, 0.0, 1.0, 0.05, help="Illustrative."),
            dropdown("Preset", [("(choose)", ""), ("First", "a"), ("Second", "b")], "", help="Loads values.")]


def recorded(monkeypatch, w):
    sent, states = [], []
    monkeypatch.setattr(w, "send", lambda content, buffers=None: sent.append(content))
    monkeypatch.setattr(w, "send_state", lambda key=None: states.append(key))
    return sent, states


@pytest.mark.parametrize("w", controls(), ids=["slider", "drop-down"])
def test_each_control_carries_its_own_model_id_for_its_front_end_to_find_it(w):
    assert isinstance(w, KitControl)
    assert w._kit_model_id and w._kit_model_id == w.model_id
    assert w.get_state()["_kit_model_id"] == w.model_id


def test_model_ids_differ_between_controls():
    ids = [w.model_id for w in controls() + controls()]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("w", controls(), ids=["slider", "drop-down"])
def test_hello_sends_what_the_control_shows_again_then_synced(monkeypatch, w):
    sent, states = recorded(monkeypatch, w)
    w._kit_on_msg(w, {"kit": "hello"})
    assert states == [list(w._kit_state)]
    assert sent == [{"kit": "synced"}]
    # other messages (anywidget's own, the figure loader's) are not answered
    w._kit_on_msg(w, {"kit": "sync"})
    w._kit_on_msg(w, ["hello"])
    w._kit_on_msg(w, {"id": "1", "kind": "anywidget-command"})
    assert sent == [{"kit": "synced"}] and len(states) == 1


@pytest.mark.parametrize("w", controls(), ids=["slider", "drop-down"])
def test_hello_resends_the_current_values_after_python_changed_them(monkeypatch, w):
    if isinstance(w, NumberSlider):
        w.value = 0.75
        expect = {"value": 0.75}
    else:
        w.value = "b"
        expect = {"index": 2}
    messages = []
    monkeypatch.setattr(w, "_send", lambda msg, buffers=None: messages.append(msg))
    w._kit_hello()
    update = next(m for m in messages if m.get("method") == "update")
    assert set(update["state"]) == set(w._kit_state)
    assert {k: update["state"][k] for k in expect} == expect


@pytest.mark.parametrize("cls", [NumberSlider, Select])
def test_the_hand_shake_resends_every_trait_the_front_end_draws(cls):
    """Every name the control's drawing code reads with model.get(...) is sent again on hello."""
    read = set(re.findall(r'model\.get\("(\w+)"\)', asset(ASSETS[cls])))
    assert read, "the drawing code reads no state?"
    assert read <= set(cls._kit_state), f"not resent: {sorted(read - set(cls._kit_state))}"
    synced = {name for name in cls.class_trait_names() if cls.class_traits()[name].metadata.get("sync")}
    assert set(cls._kit_state) <= synced


@pytest.mark.parametrize("cls", [NumberSlider, Select])
def test_each_control_front_end_is_the_channel_then_its_drawing(cls):
    esm = cls._esm if isinstance(cls._esm, str) else cls._esm.default_value
    assert esm.startswith(asset("direct_messages.js") + "\n" + asset("control_channel.js"))
    assert esm.endswith(asset(ASSETS[cls]))
    assert re.search(r"export default \(\) => kitControl\(", asset(ASSETS[cls]))
    css = cls._css if isinstance(cls._css, str) else cls._css.default_value
    assert ".kit-control-status" in css
