"""A plotly ``FigureWidget`` whose 5 MB front-end bundle reaches the browser once per kernel, and whose
figures keep answering their controls however slowly the browser loads that bundle.

plotly's FigureWidget is an anywidget: every figure carries plotly's whole widget bundle
(about 5 MB of JavaScript) in its own ``_esm`` state, and the browser parses it once per
figure. anywidget gives each model 2 seconds to initialise; in Voila, where every figure of a
page is created at load time, the later figures of a lesson miss that limit on a busy machine
and then ignore updates (anywidget 0.9-0.11: "[anywidget] Failed to initialize model.").

:class:`KitFigureWidget` sends instead a few lines of JavaScript that load the bundle from one
shared :class:`PlotlyBundle` widget, import it once per page and hand each figure to plotly's
own ``initialize`` and ``render``. The Python side is plotly's FigureWidget, unchanged.

Slow machines. Importing the bundle itself takes longer than anywidget's 2 seconds on a slow or busy
computer (lesson 01 at 20x CPU throttling: about 50 s, measured with tests/browser/test_browser_slow.py's
timeline), and a model that misses the limit is still drawn but drops every later update: a frozen
figure beside a moving slider. The loader (``assets/plotly_loader.js``) therefore returns from
``initialize`` at once, records what Python changes while the bundle loads and hands it to plotly when
ready, then reads the figure's messages straight from its channel (so anywidget's timeout cannot shut
them out) and tells Python which edit it last saw; if any were lost, :meth:`KitFigureWidget._kit_sync`
sends the whole figure again. Until the figure is drawn its place says so in words; if loading fails it
says so and offers a "Try again" button. Each figure carries its own model id (``_kit_model_id``) so
the loader can find its model.

JupyterLab. There a figure's model is created from the comm's first message while its cell runs. plotly
opens that comm before it has set the figure's data and layout, and sends them as an update just after;
on a loaded machine a model whose 2 s had passed dropped the update and drew an empty figure for good (a
CI failure in lesson 05). :class:`KitFigureWidget` therefore opens its comm only once the figure is whole,
and the resync sends every part of the figure explicitly (also when the browser holds fewer traces).

Voila. A static ``go.Figure`` in Voila goes to jupyterlab-plotly's renderer, which loads a second copy
of plotly.js (4.8 MB) and then calls ``setData`` on an output model that Voila's lacks (a console
error: "r.setData is not a function"). In a Voila kernel, :func:`use_widgets_for_static_figures` makes
such figures :class:`KitFigureWidget` views drawn from the page's one shared bundle instead.
"""

from __future__ import annotations

import copy
import os
import pathlib
import uuid

import anywidget
import plotly
import plotly.graph_objects as go
import plotly.io as pio
import traitlets
from ipywidgets import widget_serialization
from plotly.io._base_renderers import MimetypeRenderer

from .assets import asset as _asset

_BUNDLE_PATH = pathlib.Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"

_LOADER = _asset("direct_messages.js") + "\n" + _asset("plotly_loader.js")


class PlotlyBundle(anywidget.AnyWidget):
    """Holds plotly's widget bundle once per kernel, for every :class:`KitFigureWidget` to import."""

    _esm = "export default {};"
    code = traitlets.Unicode("").tag(sync=True)

    _instance: PlotlyBundle | None = None

    @classmethod
    def shared(cls) -> PlotlyBundle:
        if cls._instance is None or cls._instance.comm is None:
            cls._instance = cls(code=_BUNDLE_PATH.read_text(encoding="utf-8"))
        return cls._instance


class KitFigureWidget(go.FigureWidget):
    """plotly's FigureWidget with a small loader as its front end (see the module docstring)."""

    _esm = _LOADER
    _kit_bundle = traitlets.Instance(PlotlyBundle).tag(sync=True, **widget_serialization)

    _kit_model_id = traitlets.Unicode("").tag(sync=True)

    def __init__(self, *args, **kwargs):
        # ipywidgets opens the comm inside plotly's constructor, before plotly has set the figure's data and
        # layout, which then follow as a separate update. A front end that drops that update (anywidget's shut
        # 2 s window) would hold an empty figure, so the comm opens here, once the figure is whole.
        self._kit_building = True
        try:
            super().__init__(*args, **kwargs)
        finally:
            self._kit_building = False
        self.open()
        self.on_msg(self._kit_on_msg)

    @traitlets.default("_kit_bundle")
    def _shared_bundle(self):
        return PlotlyBundle.shared()

    def open(self):
        """Open the comm with an id chosen here, so the front end can look its own model up (not while the
        constructor is still building the figure: see ``__init__``)."""
        if getattr(self, "_kit_building", False):
            return
        if self.comm is None:
            if self._model_id is None:
                self._model_id = uuid.uuid4().hex
            self._kit_model_id = self._model_id
        super().open()

    def _kit_on_msg(self, _widget, content, _buffers=None):
        if isinstance(content, dict) and content.get("kit") == "sync":
            self._kit_sync(content.get("trace_edit_id"), content.get("layout_edit_id"), content.get("traces"))

    def _kit_sync(self, trace_edit_id, layout_edit_id, traces=None) -> bool:
        """The front end is ready, last saw these edits and holds ``traces`` traces (None: not said); if it
        missed anything, send it the whole figure.

        The figure goes with ``send_state`` of every part, not by assigning the traits: a trait assigned a
        value equal to the one it holds sends nothing, and Python's copy may be equal to what the front end
        should have had while the front end never received it. Returns whether the figure was sent again."""
        if (trace_edit_id == self._last_trace_edit_id and layout_edit_id == self._last_layout_edit_id
                and (traces is None or traces == len(self._data))):
            return False
        self._widget_layout = copy.deepcopy(self._layout_obj._props)
        self._widget_data = copy.deepcopy(self._data)
        self.send_state(["_widget_data", "_widget_layout", "_last_trace_edit_id", "_last_layout_edit_id"])
        self.send({"kit": "synced"})
        return True


class KitWidgetRenderer(MimetypeRenderer):
    """plotly renderer: a static figure is shown as a :class:`KitFigureWidget` (no controls)."""

    def to_mimebundle(self, fig_dict):
        return KitFigureWidget(fig_dict)._repr_mimebundle_()


def in_voila() -> bool:
    """Whether this kernel was started by Voila (it sets these variables in the kernel's environment)."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila/") or "VOILA_KERNEL_ID" in os.environ


def use_widgets_for_static_figures() -> None:
    """Make ``kit`` plotly's default renderer (see the module docstring, "Voila")."""
    pio.renderers["kit"] = KitWidgetRenderer()
    pio.renderers.default = "kit"


if in_voila():
    use_widgets_for_static_figures()
