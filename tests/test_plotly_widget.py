"""KitFigureWidget's Python side of the slow-machine loader, and static figures in Voila."""

import os
import subprocess
import sys

import plotly.graph_objects as go

from lessons.ui.plotly_widget import KitFigureWidget, KitWidgetRenderer, in_voila


def figure():
    return KitFigureWidget(data=[go.Scatter(x=[1, 2, 3], y=[4, 5, 6])], layout={"height": 300})


def test_the_model_carries_its_own_id_for_the_loader_to_find_it():
    w = figure()
    assert w._kit_model_id and w._kit_model_id == w.model_id
    assert w.get_state()["_kit_model_id"] == w.model_id
    assert figure().model_id != w.model_id


def test_the_comm_opens_with_the_whole_figure_and_no_update_follows(monkeypatch):
    """plotly's constructor would open the comm with no data and no layout, then send them as an update; a
    front end that drops that update (anywidget's shut 2 s window, as seen in JupyterLab on a loaded
    machine) drew an empty figure for good."""
    import ipywidgets.widgets.widget as ipw

    opened, updates = [], []
    create = ipw.comm.create_comm

    def recording(**args):
        opened.append(args)
        c = create(**args)
        sent = c.send
        c.send = lambda data=None, metadata=None, buffers=None: (updates.append(data), sent(data, metadata, buffers))
        return c

    monkeypatch.setattr(ipw.comm, "create_comm", recording)
    w = figure()
    mine = [a for a in opened if a.get("comm_id") == w.model_id]
    assert len(mine) == 1
    state = mine[0]["data"]["state"]
    assert [list(t["y"]) for t in state["_widget_data"]] == [[4, 5, 6]]
    assert state["_widget_layout"]["height"] == 300
    assert state["_kit_model_id"] == w.model_id
    assert updates == []  # nothing the front end could miss


def test_sync_sends_the_whole_figure_only_when_the_browser_missed_an_edit(monkeypatch):
    w = figure()
    sent, states = [], []
    monkeypatch.setattr(w, "send", lambda content, buffers=None: sent.append(content))
    monkeypatch.setattr(w, "send_state", lambda key=None: states.append(key))
    assert not w._kit_sync(w._last_trace_edit_id, w._last_layout_edit_id)
    assert sent == []
    w.data[0].y = [7, 8, 9]  # an edit the browser has not acknowledged
    assert w._last_trace_edit_id == 1
    w._kit_on_msg(w, {"kit": "sync", "trace_edit_id": 0, "layout_edit_id": w._last_layout_edit_id})
    assert sent == [{"kit": "synced"}]
    assert list(w._widget_data[0]["y"]) == [7, 8, 9]  # the figure as Python has it now
    # sent part by part, even where Python's copy equals what the browser should already have had
    assert ["_widget_data", "_widget_layout", "_last_trace_edit_id", "_last_layout_edit_id"] in states
    w._kit_on_msg(w, {"something": "else"})
    assert sent == [{"kit": "synced"}]


def test_sync_sends_the_figure_to_a_browser_that_holds_fewer_traces(monkeypatch):
    """Edit ids equal, but the browser holds no traces (it missed the figure itself): send it again."""
    w = figure()
    sent, states = [], []
    monkeypatch.setattr(w, "send", lambda content, buffers=None: sent.append(content))
    monkeypatch.setattr(w, "send_state", lambda key=None: states.append(key))
    ids = {"trace_edit_id": w._last_trace_edit_id, "layout_edit_id": w._last_layout_edit_id}
    w._kit_on_msg(w, {"kit": "sync", **ids, "traces": 1})
    assert sent == [] and states == []
    w._kit_on_msg(w, {"kit": "sync", **ids, "traces": 0})
    assert sent == [{"kit": "synced"}]
    assert states == [["_widget_data", "_widget_layout", "_last_trace_edit_id", "_last_layout_edit_id"]]


def test_the_figure_front_end_shares_the_controls_direct_message_code():
    from lessons.ui.assets import asset

    assert KitFigureWidget._esm == asset("direct_messages.js") + "\n" + asset("plotly_loader.js")
    assert "async function kitTakeMessages" in asset("direct_messages.js")
    assert "function kitTakeMessages" not in asset("plotly_loader.js") + asset("control_channel.js")


def test_static_figures_become_kit_widgets_only_in_voila():
    bundle = KitWidgetRenderer().to_mimebundle(go.Figure(go.Bar(x=["a"], y=[1])).to_dict())
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json"}
    assert not in_voila()
    code = ("import plotly.io as pio, lessons.ui.plotly_widget as p; "
            "print(p.in_voila()); print(repr(pio.renderers.default))")
    voila = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "SERVER_SOFTWARE": "voila/0.5.13"}).stdout.split()
    assert voila == ["True", "'kit'"]
    plain = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert plain[0] == "False" and plain[1] != "'kit'"
