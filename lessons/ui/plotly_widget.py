"""A plotly ``FigureWidget`` whose 5 MB front-end bundle reaches the browser once per kernel, not once per figure.

plotly's FigureWidget is an anywidget: every figure carries plotly's whole widget bundle
(about 5 MB of JavaScript) in its own ``_esm`` state, and the browser parses it once per
figure. anywidget gives each model 2 seconds to initialise; in Voila, where every figure of a
page is created at load time, the later figures of a lesson miss that limit on a busy machine
and then ignore updates (anywidget 0.9-0.11: "[anywidget] Failed to initialize model.").

:class:`KitFigureWidget` sends instead a few lines of JavaScript that load the bundle from one
shared :class:`PlotlyBundle` widget, import it once per page and hand each figure to plotly's
own ``initialize`` and ``render``. The Python side is plotly's FigureWidget, unchanged.
"""

from __future__ import annotations

import pathlib

import anywidget
import plotly
import plotly.graph_objects as go
import traitlets
from ipywidgets import widget_serialization

from .assets import asset as _asset

_BUNDLE_PATH = pathlib.Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"

_LOADER = _asset("plotly_loader.js")


class PlotlyBundle(anywidget.AnyWidget):
    """Holds plotly's widget bundle once per kernel, for every :class:`KitFigureWidget` to import."""

    _esm = "export default {};"
    code = traitlets.Unicode("").tag(sync=True)

    _instance: "PlotlyBundle | None" = None

    @classmethod
    def shared(cls) -> "PlotlyBundle":
        if cls._instance is None or cls._instance.comm is None:
            cls._instance = cls(code=_BUNDLE_PATH.read_text(encoding="utf-8"))
        return cls._instance


class KitFigureWidget(go.FigureWidget):
    """plotly's FigureWidget with a small loader as its front end (see the module docstring)."""

    _esm = _LOADER
    _kit_bundle = traitlets.Instance(PlotlyBundle).tag(sync=True, **widget_serialization)

    @traitlets.default("_kit_bundle")
    def _shared_bundle(self):
        return PlotlyBundle.shared()
