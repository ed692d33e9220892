"""Colours and marker shapes safe for colour-blind readers (Okabe & Ito, 2008).

Colour is never the only signal: each outcome also has its own marker shape
and a text label in the legend and hover text.
"""

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

OUTCOME_STYLE = {
    # outcome: (colour, plotly marker symbol, short label)
    "correctly flagged": (OKABE_ITO["blue"], "circle", "Correctly flagged"),
    "missed": (OKABE_ITO["vermillion"], "x", "Missed"),
    "false alarm": (OKABE_ITO["orange"], "triangle-up", "False alarm"),
    "correctly cleared": (OKABE_ITO["grey"], "circle-open", "Correctly cleared"),
}

SERIES = [
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
]
"""Colour order for line and bar series."""

DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid"]
"""Line dash order, paired with :data:`SERIES` so lines differ by more than colour."""
