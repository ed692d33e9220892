"""The widget layer: how the kit looks (ipywidgets, anywidget, plotly).

* :mod:`~lessons.ui.controls`: labelled, keyboard-friendly sliders and drop-downs, live text twins.
* :mod:`~lessons.ui.explorers`: the explorer base class and the preset picker.
* :mod:`~lessons.ui.figures`, :mod:`~lessons.ui.palette`, :mod:`~lessons.ui.plotly_widget`: figures in the
  kit's Okabe-Ito colours, drawn through one shared plotly widget.
* :mod:`~lessons.ui.quiz`: predictions and self-checks.
* :mod:`~lessons.ui.offline`: rendering for readers without a kernel (static pages).
* ``assets/``: the JavaScript and CSS the widgets load, as real files.
"""
