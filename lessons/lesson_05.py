"""Lesson 05, lack of human contact: explorers and self-checks of notebooks/05_human_contact.ipynb.

Thin bindings to :mod:`lessons.engine.capacity` (the clinician queue and the two routes into it) and
:mod:`lessons.engine.consequences` (what becomes of people routed away). The default clinic, all
illustrative except the AI's operating point:

* 60 referrals a week, half of whom need a clinician (illustrative);
* 40 clinician assessment slots a week (illustrative), over 26 weeks;
* the AI: PHQ-9 score 10 or more, sensitivity 0.88, specificity 0.85 (sourced: Levis 2019);
* crisis risk 0.5% a week while untreated, 90 days until a missed person comes back
  (illustrative, from :data:`lessons.engine.consequences.DEFAULT_PARAMS`).

Two routes: **AI-first** (the AI screens every referral; only the flagged reach a clinician;
missed people get self-help only) and **human-first** (everyone joins the clinician queue).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import plotly.graph_objects as go

from .checks import check_choice, check_seed
from .engine.capacity import (
    Clinic,
    QueueResult,
    RouteComparison,
    Stability,
    compare_routes,
    describe_route,
    run_route,
)
from .engine.consequences import DEFAULT_PARAMS, PARAMETERS, ConsequenceParams, Consequences, consequences
from .engine.describe import people
from .engine.metrics import Counts
from .engine.scenario import DEFAULT_SEED
from .ui.controls import AI_SENSITIVITY, AI_SPECIFICITY, PREVALENCE, SPECIFICITY, NumberSlider, dropdown, live_region
from .ui.explorers import Explorer, PresetPicker
from .ui.figures import base_layout, make_figure, update_traces
from .ui.palette import OKABE_ITO
from .ui.quiz import Choice, Numeric, Prediction
from .ui.sources_cell import sources_cell

DEFAULT_CLINIC = Clinic()
"""60 referrals a week, half need a clinician, 40 slots, 26 weeks (illustrative); PHQ-9 operating point."""

BACKLOG_CLINIC = Clinic(slots_per_week=30)
"""The backlog explorer's start: the same clinic with 30 slots a week (illustrative), so the queue is tight."""

STANDARD_WEEKS = (6, 18)
"""NHS Talking Therapies standards: 75% start within 6 weeks, 95% within 18 weeks (nhs_tt_standard)."""

OPERATING_POINTS = ("phq9_primary_care", "phq2_then_phq9", "gp_unaided", "clinician_high_risk",
                    "vendor_after_shift")
"""Sourced or derived operating points (lessons.content.presets) the route explorer offers; only their
sensitivity and specificity are used: the prevalence describes the referrals, not the tool."""

SPECIFICITY_GRID = np.round(np.linspace(0.5, 1.0, 51), 2)
"""Specificities the backlog curve is drawn at (0.50 to 1.00 in steps of 0.01)."""

LINE_STYLE = {
    # key: (label, colour, dash, marker)
    "ai_need": ("AI-first: people who need help, waiting", OKABE_ITO["blue"], "solid", "circle"),
    "human_need": ("Human-first: people who need help, waiting", OKABE_ITO["vermillion"], "dash", "square"),
    "ai_false_alarms": ("AI-first: false alarms, waiting", OKABE_ITO["orange"], "dot", "triangle-up"),
    "ai_self_help": ("AI-first: missed, sent to self-help only (running total)", OKABE_ITO["reddish_purple"],
                     "longdash", "x"),
}

BAR_STYLE = {
    # part of the breakdown: (colour, pattern)
    "seen by a clinician": (OKABE_ITO["blue"], ""),
    "still waiting": (OKABE_ITO["orange"], "/"),
    "self-help only": (OKABE_ITO["vermillion"], "x"),
}


# -- figure 1: waiting week by week ------------------------------------------------------------

def waiting_series(comparison: RouteComparison) -> dict[str, np.ndarray]:
    """The four lines of the waiting figure, keyed like :data:`LINE_STYLE` (people at each week's end)."""
    ai, human = comparison.ai_first, comparison.human_first
    return {
        "ai_need": ai.queue.queue_need,
        "human_need": human.queue.queue_need,
        "ai_false_alarms": ai.queue.queue_no_need,
        "ai_self_help": np.cumsum(ai.self_help_need_per_week),
    }


def waiting_traces(comparison: RouteComparison) -> list[dict]:
    """Line traces (one per :data:`LINE_STYLE` entry), x = week 1, 2, ..., y = people, rounded to 0.1."""
    weeks = comparison.ai_first.queue.week_numbers.tolist()
    traces = []
    for key, values in waiting_series(comparison).items():
        label, colour, dash, symbol = LINE_STYLE[key]
        traces.append(dict(
            x=weeks, y=np.round(values, 1).tolist(), name=label, mode="lines+markers",
            line=dict(color=colour, dash=dash, width=3), marker=dict(symbol=symbol, size=7, color=colour),
            hovertemplate=f"{label}<br>week %{{x}}: %{{y:.0f}} people<extra></extra>",
        ))
    return traces


def waiting_figure(comparison: RouteComparison, widget: bool = False):
    """People waiting for a clinician at the end of each week, both routes."""
    layout = base_layout(
        "Who is waiting for a clinician, week by week", "Week", "People (end of week)",
        height=480, yaxis=dict(rangemode="tozero"), legend=dict(y=1.02),
        margin=dict(l=70, r=30, t=150, b=60),
    )
    return make_figure(waiting_traces(comparison), layout, widget)


def _mean_wait_words(queue: QueueResult) -> str:
    """ "those seen waited 4.3 weeks on average", or words for no wait / nobody seen."""
    wait = queue.mean_wait("need")
    if not wait.defined:
        return f"the average wait of people who need help is {wait}"
    if queue.longest_wait("need") == 0:
        return "everyone in need was seen in the week they joined the queue"
    return f"those in need who were seen waited {wait.weeks:.1f} weeks on average"


def describe_waiting(comparison: RouteComparison) -> str:
    """Text twin of the waiting figure: the queues at the last week and the running total sent away."""
    ai, human = comparison.ai_first, comparison.human_first
    last = ai.queue.weeks
    lead = "On average, by" if ai.mode == "expected" else "By"
    ai_text = (
        f"AI-first queue: {ai.stability().describe()} "
        f"{lead} the end of week {last}, the AI-first queue holds {people(ai.waiting_need)} people who need help "
        f"and {people(ai.queue.still_waiting('no_need'))} false alarms; {_mean_wait_words(ai.queue)}. "
        f"Meanwhile the AI has sent {people(ai.self_help_need)} missed people to self-help only: they are in "
        f"no queue, so a queue chart alone never shows them."
    )
    human_text = (
        f"Human-first queue: {human.stability().describe()} "
        f"By the end of week {last}, the human-first queue holds {people(human.waiting_need)} people who need help and "
        f"{people(human.queue.still_waiting('no_need'))} who do not; {_mean_wait_words(human.queue)}. "
        f"Nobody is sent away by an AI."
    )

    return ai_text + "\n\n" + human_text


# -- figure 2: what became of the people who need help -------------------------------------------

def breakdown_traces(comparison: RouteComparison) -> list:
    """Stacked bars, one per part of :data:`BAR_STYLE`; x = the two routes; y = people who need help."""
    routes = comparison.routes
    labels = [r.label for r in routes]
    traces = []
    for part, (colour, pattern) in BAR_STYLE.items():
        values = [round(r.breakdown()[part], 1) for r in routes]
        traces.append(go.Bar(
            x=labels, y=values, name=part.capitalize(),
            marker=dict(color=colour, pattern=dict(shape=pattern, fgcolor="#ffffff", solidity=0.3),
                        line=dict(color=OKABE_ITO["black"], width=1)),
            text=[f"{part}: {v:,.0f}" for v in values], textposition="inside", insidetextanchor="middle",
            hovertemplate=f"%{{x}}: %{{y:.0f}} {part}<extra></extra>",
        ))
    return traces


def breakdown_figure(comparison: RouteComparison, widget: bool = False):
    """What became of everybody who needed help over the horizon, by route (stacked bars)."""
    layout = base_layout(
        f"What became of the people who need help, over {comparison.ai_first.queue.weeks} weeks",
        "Route into care", "People who need help", height=440, barmode="stack",
        yaxis=dict(rangemode="tozero"), margin=dict(l=70, r=30, t=110, b=60),
    )
    return make_figure(breakdown_traces(comparison), layout, widget)


def describe_breakdown(comparison: RouteComparison, params: ConsequenceParams = DEFAULT_PARAMS) -> str:
    """Text twin of the breakdown: each route's people in need, and expected crises before care.

    Crises use the illustrative weekly hazard and re-presentation time of ``params``.
    """
    paragraphs = [describe_route(r, include_queue=False) for r in comparison.routes]
    hazard = params.weekly_crisis_hazard
    back = params.represent_days / 7.0
    crises = []
    for r in comparison.routes:
        c = r.expected_crises(hazard, represent_weeks=back)
        text = f"{r.label}: {c['waiting in the queue']:.1f} while waiting in the queue"
        if r.route == "ai_first":
            text += f" and {c['self-help only']:.1f} among people sent to self-help only"
        crises.append(text)
    paragraphs.append(
        f"Expected crises before any clinician sees them, at an illustrative risk of {100 * hazard:g}% a week "
        f"while untreated (a missed person is assumed to come back after {params.represent_days:g} days, also "
        f"illustrative): " + "; ".join(crises) + "."
    )
    return "\n\n".join(paragraphs)


# -- explorer 1: the two routes ------------------------------------------------------------------

# -- meet Elena (the cast: lessons.content.cast) ------------------------------------------------

ELENA_WEEK = 20
"""The week Elena is referred (0-based; illustrative): late enough for a backlog to have built up."""


def meet_elena():
    """Elena, flagged correctly: how long she waits behind the queue, false alarms included."""
    from .content.cast import CAST
    from .engine.paths import path_at_operating_point
    from .ui.people_grid import MeetExplorer

    clinic = BACKLOG_CLINIC
    return MeetExplorer(CAST["elena"], {
        "specificity": SPECIFICITY(min=0.5, step=0.01, help="Lower specificity sends more false alarms to the queue."
                                   ).make(clinic.specificity),
        "slots": NumberSlider("Assessment slots a week", clinic.slots_per_week, 0, 60, 1,
                              help="First assessments the clinic can offer each week.")},
        lambda specificity, slots: path_at_operating_point(
            CAST["elena"], clinic.sensitivity, specificity,
            clinic=clinic.with_(specificity=specificity, slots_per_week=int(slots)), arrival_week=ELENA_WEEK),
        setting=f"This lesson's backlog clinic: {clinic.referrals_per_week} referrals a week; Elena is "
                f"referred in week {ELENA_WEEK + 1} and joins the back of that week's flagged people.")


class RouteExplorer(Explorer):
    """Slots, referrals, prevalence, sensitivity, specificity -> waiting over weeks and who got human contact."""

    title = "AI-first or human-first: who reaches a clinician?"
    intro = ("Both routes share the same referrals and the same clinician slots. AI-first: only people the AI "
             "flags join the clinician queue. Human-first: everybody does. Move the sliders and compare.")

    def __init__(self, clinic: Clinic = DEFAULT_CLINIC, params: ConsequenceParams = DEFAULT_PARAMS):
        super().__init__()
        if not isinstance(clinic, Clinic):
            raise ValueError(f"clinic must be a Clinic; got {type(clinic).__name__}")
        self.clinic, self.params = clinic, params
        self.add_control("slots_per_week", NumberSlider(
            "Clinician assessment slots per week", clinic.slots_per_week, 0, 120, 1,
            help="How many first assessments the clinicians can do each week (illustrative)."))
        self.add_control("referrals_per_week", NumberSlider(
            "People asking for help each week", clinic.referrals_per_week, 0, 200, 1,
            help="New referrals every week (illustrative)."))
        self.add_slider(PREVALENCE(
            label="Prevalence (share of referrals who need a clinician)", step=0.01,
            help="Of the people asking for help, the share who truly need a clinician (illustrative)."),
            clinic.prevalence)
        self.add_slider(AI_SENSITIVITY(
            help="Of the people who need a clinician, the share the AI flags and sends to the queue."),
            clinic.sensitivity)
        self.add_slider(AI_SPECIFICITY(
            help="Of the people who do not need a clinician, the share the AI sends to self-help."),
            clinic.specificity)

    def build_figures(self, first: RouteComparison) -> list:
        return [waiting_figure(first, widget=True), breakdown_figure(first, widget=True)]

    def compute(self, slots_per_week, referrals_per_week, prevalence, sensitivity, specificity) -> RouteComparison:
        clinic = self.clinic.with_(slots_per_week=int(round(slots_per_week)),
                                   referrals_per_week=int(round(referrals_per_week)),
                                   prevalence=prevalence, sensitivity=sensitivity, specificity=specificity)
        return compare_routes(clinic)

    def draw(self, comparison: RouteComparison) -> None:
        waiting, breakdown = self.figures
        update_traces(waiting, waiting_traces(comparison), fields=("x", "y"))
        update_traces(breakdown, breakdown_traces(comparison), fields=("y", "text"))
        self.twins[0].value = live_region(describe_waiting(comparison))
        self.twins[1].value = live_region(describe_breakdown(comparison, self.params))


class OperatingPointPicker(PresetPicker):
    """A drop-down of sourced operating points that sets only the AI's sensitivity and specificity.

    The prevalence stays as the learner set it: it describes who asks for help, not the tool.
    """

    def __init__(self, explorer: Explorer, keys=OPERATING_POINTS):
        super().__init__(explorer, keys, label="AI operating point", placeholder="(choose an operating point)",
                         settings=lambda p: {"sensitivity": p.sensitivity, "specificity": p.specificity},
                         help="Loads a published sensitivity and specificity into the explorer.",
                         note_suffix=" Only the sensitivity and specificity were loaded; the prevalence of the "
                                     "referrals is unchanged.")


# -- explorer 2: false alarms push real cases back -------------------------------------------------

ARRIVALS = (("Steady: the expected number every week", "steady"),
            ("Random: a Poisson count around it each week (seeded)", "random"))
"""The backlog explorer's arrival options (label, value)."""


@dataclass(frozen=True)
class BacklogView:
    """The AI-first queue at one capacity and specificity: utilisation, and the backlog week by week.

    slots_per_week: clinician slots a week. specificity: the AI's, 0 to 1. arrivals: "steady" or
    "random". stable: utilisation and stability at the expected arrivals (:class:`Stability`).
    steady: the queue with the expected number arriving every week. random: one seeded run with
    Poisson arrivals (``seed``). no_false_alarms: stability at specificity 1.
    grid / utilisation: specificities and the utilisation at each (None when there are no slots).
    """

    slots_per_week: int
    specificity: float
    arrivals: str
    seed: int
    stable: Stability
    steady: QueueResult
    random: QueueResult
    no_false_alarms: Stability
    correctly_flagged_per_week: float
    false_alarms_per_week: float
    no_need_per_week: float
    grid: tuple[float, ...]
    utilisation: tuple[float | None, ...]

    @property
    def shown(self) -> QueueResult:
        """The queue the learner chose to see."""
        return self.random if self.arrivals == "random" else self.steady

    @property
    def lowest_settling_specificity(self) -> float | None:
        """Lowest specificity at which utilisation is at most 1 (None when even specificity 1 is above 1)."""
        return settling_specificity(self.correctly_flagged_per_week, self.no_need_per_week, self.slots_per_week)


def settling_specificity(correctly_flagged: float, no_need: float, slots: int) -> float | None:
    """Lowest specificity s with ``correctly_flagged + no_need * (1 - s) <= slots`` (utilisation at most 1).

    None when the correctly flagged alone are more than the slots; 0 when every specificity settles.
    """
    if correctly_flagged > slots + 1e-9:
        return None
    if no_need <= 0:
        return 0.0
    return max(0.0, 1.0 - (slots - correctly_flagged) / no_need)


def utilisation_curve(clinic: Clinic, grid=SPECIFICITY_GRID) -> tuple[float | None, ...]:
    """Utilisation of the AI-first queue (flagged a week / slots) at each specificity in ``grid``."""
    if clinic.slots_per_week == 0:
        return tuple(None for _ in grid)
    flows = clinic.weekly_flows("ai_first")
    no_need = flows["queue_no_need"] + flows["self_help_no_need"]
    flagged = flows["queue_need"] + no_need * (1.0 - np.asarray(grid, dtype=float))
    return tuple((flagged / clinic.slots_per_week).tolist())


def backlog_view(clinic: Clinic, arrivals: str = "steady", seed: int = DEFAULT_SEED) -> BacklogView:
    """The AI-first queue of ``clinic``: steady and random (Poisson) arrivals, and utilisation."""
    check_choice("arrivals", arrivals, [value for _, value in ARRIVALS])
    flows = clinic.weekly_flows("ai_first")
    route = run_route(clinic, "ai_first")
    return BacklogView(
        clinic.slots_per_week, clinic.specificity, arrivals, seed, route.stability(), route.queue,
        run_route(clinic, "ai_first", "poisson", seed).queue,
        run_route(clinic.with_(specificity=1.0), "ai_first").stability(),
        flows["queue_need"], flows["queue_no_need"], flows["queue_no_need"] + flows["self_help_no_need"],
        tuple(SPECIFICITY_GRID.tolist()), utilisation_curve(clinic),
    )


def _backlog_weeks(queue: QueueResult) -> list[float | None]:
    if queue.slots_per_week == 0:
        return [None] * queue.weeks
    return np.round(queue.queue / queue.slots_per_week, 3).tolist()


def backlog_traces(view: BacklogView) -> list[dict]:
    """Backlog (weeks of slots queued) at the end of each week: steady arrivals, the random run (only when
    chosen), and the 6- and 18-week standards."""
    weeks = view.steady.week_numbers.tolist()
    std6, std18 = STANDARD_WEEKS
    random = view.arrivals == "random"
    return [
        dict(x=weeks, y=_backlog_weeks(view.steady), mode="lines+markers", name="Steady arrivals",
             line=dict(color=OKABE_ITO["blue"], dash="solid", width=4), marker=dict(symbol="circle", size=6),
             hovertemplate="week %{x}: backlog %{y:.1f} weeks (steady arrivals)<extra></extra>"),
        dict(x=weeks if random else [], y=_backlog_weeks(view.random) if random else [], mode="lines+markers",
             name=f"Random arrivals (one run, seed {view.seed})",
             line=dict(color=OKABE_ITO["vermillion"], dash="dot", width=3),
             marker=dict(symbol="diamond", size=8, color=OKABE_ITO["vermillion"]),
             hovertemplate="week %{x}: backlog %{y:.1f} weeks (random arrivals)<extra></extra>"),
        dict(x=[weeks[0], weeks[-1]], y=[std6, std6], mode="lines", name="6-week standard (NHS Talking Therapies)",
             line=dict(color=OKABE_ITO["bluish_green"], dash="dash", width=2), hoverinfo="skip"),
        dict(x=[weeks[0], weeks[-1]], y=[std18, std18], mode="lines", name="18-week standard",
             line=dict(color=OKABE_ITO["reddish_purple"], dash="longdashdot", width=2), hoverinfo="skip"),
    ]


def backlog_figure(view: BacklogView, widget: bool = False):
    """Backlog of the AI-first queue (weeks of slots) at the end of each week."""
    layout = base_layout(
        "The AI-first queue week by week", "Week", "Backlog (weeks of slots queued)", height=440,
        yaxis=dict(rangemode="tozero"), margin=dict(l=70, r=30, t=130, b=60),
    )
    return make_figure(backlog_traces(view), layout, widget)


def utilisation_traces(view: BacklogView) -> list[dict]:
    """Utilisation against specificity, the line at 1 (capacity) and the current specificity's point."""
    grid = list(view.grid)
    here = view.stable.utilisation
    return [
        dict(x=grid, y=list(view.utilisation), mode="lines",
             name=f"Utilisation with {view.slots_per_week} slots a week",
             line=dict(color=OKABE_ITO["blue"], dash="solid", width=4),
             hovertemplate="specificity %{x:.2f}: utilisation %{y:.2f}<extra></extra>"),
        dict(x=[grid[0], grid[-1]], y=[1, 1], mode="lines", name="Utilisation 1: above it the queue grows for ever",
             line=dict(color=OKABE_ITO["vermillion"], dash="dash", width=2), hoverinfo="skip"),
        dict(x=[view.specificity] if here is not None else [], y=[here] if here is not None else [],
             mode="markers+text", name=f"Current specificity {view.specificity:.2f}",
             text=[f"{here:.2f}"] if here is not None else [], textposition="top center",
             marker=dict(symbol="diamond", size=15, color=OKABE_ITO["black"],
                         line=dict(width=2, color=OKABE_ITO["yellow"])),
             hovertemplate="current specificity %{x:.2f}: utilisation %{y:.2f}<extra></extra>"),
    ]


def utilisation_figure(view: BacklogView, widget: bool = False):
    """Utilisation (people joining a week / slots) against the AI's specificity."""
    layout = base_layout(
        "Utilisation: people joining a week ÷ slots a week",
        "AI specificity (share of people without need sent to self-help)", "Utilisation", height=420,
        xaxis=dict(range=[0.49, 1.01]), yaxis=dict(rangemode="tozero"), margin=dict(l=70, r=30, t=110, b=60),
    )
    return make_figure(utilisation_traces(view), layout, widget)


def _weeks_word(weeks: float) -> str:
    return f"{weeks:.1f} weeks"


def describe_backlog(view: BacklogView) -> str:
    """Text twin of the week-by-week backlog: which case the queue is in, and what the chosen arrivals do."""
    steady, stable = view.steady, view.stable
    parts = [f"Each week the AI sends about {view.correctly_flagged_per_week:.1f} correctly flagged people and "
             f"{view.false_alarms_per_week:.1f} false alarms into one first-in-first-out queue "
             f"(specificity {view.specificity:.2f}, {view.slots_per_week} clinician slots a week).",
             stable.describe()]
    if view.slots_per_week == 0:
        parts.append("The backlog in weeks is undefined: the queue never clears.")
        return " ".join(parts)
    end = steady.weeks
    if stable.case == "grows":
        parts.append(f"With steady arrivals, {people(steady.queue[-1])} people are queued after {end} weeks "
                     f"(a backlog of {_weeks_word(steady.backlog_weeks().weeks)}), "
                     f"{people(steady.still_waiting('need'))} of them in need, and the queue is still growing "
                     f"when the chart ends.")
    else:
        parts.append(f"With steady arrivals nobody is left waiting at the end of any of the {end} weeks.")
    if view.arrivals == "random":
        r = view.random
        worst = int(np.argmax(r.queue))
        if r.queue[worst] <= 0:
            parts.append(f"In one random run (seed {view.seed}) the number joining varies from week to week, "
                         f"yet nobody is left waiting at the end of any week.")
        else:
            parts.append(
                f"In one random run (seed {view.seed}) the number joining varies from week to week: the queue is "
                f"longest at the end of week {worst + 1}, with {people(r.queue[worst])} people (a backlog of "
                f"{_weeks_word(r.queue[worst] / r.slots_per_week)}), and "
                + (f"{people(r.queue[-1])} are waiting" if r.queue[-1] >= 0.5 else "nobody is waiting")
                + f" at the end of week {end}.")
            if stable.case == "settles":
                parts.append("Even below capacity, a busy week leaves people waiting, and the spare slots take time "
                             "to work the queue off: the nearer utilisation is to 1, the longer the queues.")
    if stable.case != "settles" and view.no_false_alarms.case == "settles":
        parts.append(f"With no false alarms (specificity 1.00) utilisation would be "
                     f"{view.no_false_alarms.utilisation:.2f} and the queue would settle.")
    return " ".join(parts)


def describe_utilisation(view: BacklogView) -> str:
    """Text twin of the utilisation figure: where it crosses 1, and the current point."""
    if view.slots_per_week == 0:
        return "With no clinician slots utilisation is undefined: nobody is seen, whatever the specificity."
    lowest = view.lowest_settling_specificity
    now = f"Now: specificity {view.specificity:.2f}, utilisation {view.stable.utilisation:.2f}."
    if lowest is None:
        return (f"With {view.slots_per_week} slots a week, utilisation is above 1 at every specificity: the "
                f"{view.correctly_flagged_per_week:.1f} correctly flagged people a week alone are more than the "
                f"slots, so the queue grows for ever. " + now)
    if lowest <= view.grid[0]:
        return (f"With {view.slots_per_week} slots a week, utilisation stays at or below 1 at every specificity "
                f"shown: the queue settles. " + now)
    return (f"With {view.slots_per_week} slots a week, utilisation is at or below 1 (the queue settles) for "
            f"specificity {lowest:.2f} and above; below that it is above 1 and the queue grows without limit. "
            + now)


class BacklogExplorer(Explorer):
    """Clinician slots, AI specificity and steady or random arrivals -> utilisation and the AI-first backlog."""

    title = "False alarms in the queue"
    intro = ("The AI-first route with fixed referrals. Every false alarm takes a slot from someone who needs "
             "help. Change the slots, the specificity and the arrivals, and watch utilisation and the backlog "
             "against the waiting-time standards.")

    def __init__(self, clinic: Clinic = BACKLOG_CLINIC, seed: int = DEFAULT_SEED):
        super().__init__()
        if not isinstance(clinic, Clinic):
            raise ValueError(f"clinic must be a Clinic; got {type(clinic).__name__}")
        self.clinic, self.seed = clinic, check_seed(seed)
        self.add_control("slots_per_week", NumberSlider(
            "Clinician assessment slots per week", clinic.slots_per_week, 0, 120, 1,
            help="How many first assessments the clinicians can do each week (illustrative)."))
        self.add_slider(AI_SPECIFICITY(
            min=0.5, step=0.01, help="Lower specificity means more false alarms join the queue."), clinic.specificity)
        self.add_control("arrivals", dropdown(
            "Arrivals each week", ARRIVALS, "steady",
            help="Steady: the expected number joins every week. Random: the number varies by chance around it."))

    def build_figures(self, first: BacklogView) -> list:
        return [backlog_figure(first, widget=True), utilisation_figure(first, widget=True)]

    def compute(self, slots_per_week, specificity, arrivals) -> BacklogView:
        clinic = self.clinic.with_(slots_per_week=int(round(slots_per_week)), specificity=specificity)
        return backlog_view(clinic, arrivals, self.seed)

    def draw(self, view: BacklogView) -> None:
        update_traces(self.figures[0], backlog_traces(view))
        update_traces(self.figures[1], utilisation_traces(view))
        self.twins[0].value = live_region(describe_backlog(view))
        self.twins[1].value = live_region(describe_utilisation(view))


# -- printed summaries (nbval-checked) -------------------------------------------------------------

def weekly_counts(clinic: Clinic = DEFAULT_CLINIC) -> Counts:
    """One week's referrals through the AI (expected counts): the confusion table of the AI-first route."""
    f = clinic.weekly_flows("ai_first")
    return Counts(tp=f["queue_need"], fn=f["self_help_need"], fp=f["queue_no_need"], tn=f["self_help_no_need"])


def model_wait_days(clinic: Clinic = DEFAULT_CLINIC) -> float:
    """The clinic's own wait: average days from being flagged to a first assessment for the correctly flagged
    in the AI-first queue over the horizon (the model counts whole weeks, so 0 = seen the week they are
    flagged). ValueError when nobody is seen (no slots), because no wait can be averaged then."""
    wait = run_route(clinic, "ai_first").queue.mean_wait("need")
    if not wait.defined:
        raise ValueError(f"clinic must see somebody for a wait to be averaged; the average wait is {wait}")
    return 7.0 * wait.weeks


def weekly_consequences(clinic: Clinic = DEFAULT_CLINIC, params: ConsequenceParams = DEFAULT_PARAMS) -> Consequences:
    """What one week of AI-first screening leads to, pathway by pathway, with the wait of ``params`` (the
    lesson labels the default 42 days illustrative and states the clinic's own wait beside it)."""
    return consequences(weekly_counts(clinic), params)


def describe_assumptions(result: Consequences, clinic: Clinic = DEFAULT_CLINIC) -> str:
    """The consequences' assumptions, one a line: the wait from the clinic's own queue, the rest with their
    status (sourced or illustrative) from :data:`lessons.engine.consequences.PARAMETERS`."""
    stable = run_route(clinic, "ai_first").stability()
    own = model_wait_days(clinic)
    when = ("sees the flagged in the week they are flagged" if own == 0
            else f"makes the flagged wait {own:.0f} days on average")
    lines = [f"wait from being flagged to a first assessment: {result.params.assessment_wait_days:g} days "
             f"(illustrative: the 6-week standard used as a typical wait; this clinic's own AI-first queue, "
             f"utilisation {stable.utilisation:.2f}, {when})"]
    lines += [PARAMETERS[f.name].describe(getattr(result.params, f.name))
              for f in fields(result.params) if f.name != "assessment_wait_days"]
    return "\n".join(lines)


def summary(clinic: Clinic = DEFAULT_CLINIC) -> str:
    """The lesson's checked summary: both routes through the default clinic (expected counts)."""
    return compare_routes(clinic).describe()


def describe_wait_bands(queue: QueueResult, label: str) -> str:
    """Who waited and how long, in words: people in need by band of wait (6- and 18-week standards)."""
    bands = queue.wait_bands("need", STANDARD_WEEKS)
    parts = [f"{people(v)} seen {k}" for k, v in bands.items() if k != "still waiting"]
    return (f"{label}: of the people who need help who joined the queue, " + ", ".join(parts)
            + f"; {people(bands['still waiting'])} still waiting.")


def simulated_summary(clinic: Clinic = DEFAULT_CLINIC, seed: int = DEFAULT_SEED) -> str:
    """The nbval-checked seeded run: who waited and how long on each route (same people in both)."""
    comparison = compare_routes(clinic, "simulated", seed)
    referrals = clinic.referrals_per_week * clinic.weeks
    lines = [f"One simulated run of {clinic.weeks} weeks (seed {seed}): {people(comparison.ai_first.referred_need)} "
             f"of the {people(referrals)} referrals need help."]
    lines += [describe_wait_bands(r.queue, r.label) for r in comparison.routes]
    lines.append(f"AI-first also sent {people(comparison.ai_first.self_help_need)} of them to self-help only.")
    return "\n".join(lines)


# -- predict first and self-checks ------------------------------------------------------------------

_default = compare_routes(DEFAULT_CLINIC)

_c = DEFAULT_CLINIC
_human_stable = _default.human_first.stability()

predict_human_first = Prediction(
    f"Human-first route, {_c.referrals_per_week} referrals a week (half need a clinician), {_c.slots_per_week} "
    f"clinician slots a week. Over {_c.weeks} weeks, what percentage of the people who need help do you think a "
    f"clinician will see?",
    truth=round(100 * _default.human_first.human_contact_share.value),
    unit="%",
    explain=(f"Everybody joins one queue and only {_c.slots_per_week} of the {_c.referrals_per_week} arrivals a week "
             f"can be seen (utilisation {_human_stable.utilisation:.2f}, above 1), so the queue grows by "
             f"{_human_stable.growth_per_week:g} a week and a third of the people in need are still waiting at the "
             f"end."),
    low=0.0, high=100.0, step=1.0,
)

q_who_no_contact = Choice(
    f"In the AI-first route, which group never reaches a clinician (within the {_c.weeks} weeks)?",
    ["The missed: people who need help but are not flagged", "The false alarms",
     "The correctly flagged", "Nobody: everyone is seen eventually"],
    "The missed: people who need help but are not flagged",
    "Only flagged people join the clinician queue. People the AI misses are sent to self-help only, so they get "
    "no human contact until they come back or are caught another way.",
    hints={
        "The false alarms": "False alarms are flagged, so they join the queue and do see a clinician (one they "
                            "did not need). Who is not flagged but needs help?",
        "The correctly flagged": "They are flagged and join the queue. Look at who is not flagged.",
        "Nobody: everyone is seen eventually": "Check the breakdown figure: the AI-first bar has a part that "
                                               "never joins the queue.",
    },
)

q_push_back = Choice(
    "The clinic's slots are all used. The AI's specificity drops, so more false alarms join the first-in-first-out "
    "queue. What happens to people who need help?",
    ["They wait longer", "Nothing: false alarms are assessed separately", "They wait less, because the AI flags more"],
    "They wait longer",
    "A first-in-first-out queue cannot tell false alarms from real cases: each false alarm takes a slot, so "
    "everybody behind it waits longer.",
    hints={
        "Nothing: false alarms are assessed separately": "There is one queue and one set of slots. Who takes the "
                                                         "slots a false alarm uses?",
        "They wait less, because the AI flags more": "Specificity is about people who do not need help; lowering it "
                                                     "adds false alarms, not correctly flagged people.",
    },
)

_missed_26 = run_route(DEFAULT_CLINIC, "ai_first").self_help_need

_flows = DEFAULT_CLINIC.weekly_flows("ai_first")

q_missed_count = Numeric(
    f"AI-first route, default clinic: {_c.referrals_per_week} referrals a week, half need a clinician, sensitivity "
    f"{_c.sensitivity:g}. How many people who need help does the AI send to self-help only over {_c.weeks} weeks?",
    answer=_missed_26, tolerance=1.0, unit="people",
    explanation=(f"{_c.referrals_per_week * _c.prevalence:g} people a week need help and "
                 f"{100 * (1 - _c.sensitivity):.0f}% of them are missed: {_flows['self_help_need']:.1f} a week, about "
                 f"{_missed_26:.0f} in {_c.weeks} weeks, none of whom sees a clinician."),
    hint="Start from the people who need help each week, take the share missed (1 - sensitivity), then "
         "multiply by the weeks.",
)

_queue_10 = float(run_route(DEFAULT_CLINIC.with_(weeks=10), "human_first").queue.queue[-1])

q_queue_after_10_weeks = Numeric(
    f"Human-first route: {_c.referrals_per_week} people join the queue each week and clinicians see "
    f"{_c.slots_per_week} a week. How many people are waiting at the end of week 10?",
    answer=_queue_10, tolerance=1.0, unit="people",
    explanation=(f"Utilisation is {_c.referrals_per_week} ÷ {_c.slots_per_week} = {_human_stable.utilisation:.2f}, "
                 f"above 1, so the queue grows by {_c.referrals_per_week} - {_c.slots_per_week} = "
                 f"{_human_stable.growth_per_week:g} people every week: {_queue_10:.0f} after 10 weeks."),
    hint="Each week, how many more join than are seen?",
)

_b = BACKLOG_CLINIC
_b_stable = run_route(_b, "ai_first").stability()
_b_backlog = _b_stable.backlog_after(_b.weeks).weeks

q_stable = Choice(
    f"AI-first, {_b.slots_per_week} slots a week: about {_b_stable.arrivals_per_week:.1f} people join the queue each "
    f"week. After {_b.weeks} weeks the backlog is only {_b_backlog:.1f} weeks, well within the 6-week standard. Is "
    f"the queue under control?",
    ["No: more join than can be seen, so it grows every week without limit",
     "Yes: the backlog is within the standard after half a year",
     "Yes: a queue that small clears itself in quiet weeks"],
    "No: more join than can be seen, so it grows every week without limit",
    f"Utilisation is {_b_stable.arrivals_per_week:.1f} ÷ {_b.slots_per_week} = {_b_stable.utilisation:.2f}, above 1. "
    f"The queue grows by about {_b_stable.growth_per_week:.1f} people every week, for ever: with steady arrivals "
    f"the backlog passes 6 weeks in week {_b_stable.week_passing_standard}. A backlog at one week says when the "
    f"standard breaks, not whether.",
    hints={
        "Yes: the backlog is within the standard after half a year":
            "Compare the people joining each week with the slots: what does the queue do in every week after "
            f"week {_b.weeks}?",
        "Yes: a queue that small clears itself in quiet weeks":
            "A queue is worked off only by spare slots. Are there any, on average, when more join than can be seen?",
    },
)

QUESTIONS = (q_who_no_contact, q_push_back, q_stable, q_missed_count, q_queue_after_10_weeks)


# -- the lesson's contract: the same names in every lesson (tests/test_contracts.py) ----------------

SOURCE_KEYS = ("article", "nhs_tt_standard", "hansard2019", "apa2023", "who_atlas2020", "habicht2024",
               "li2023", "abdalrazaq2020", "levis2019", "mitchell2009", "okabe_ito2008")
"""Every source the lesson cites, in the order of its sources list."""

ILLUSTRATIVE = (
    "60 referrals a week, half of whom need a clinician",
    "40 clinician assessment slots a week (30 in the backlog explorer), over 26 weeks",
    "1 clinician hour per assessment",
    "90 days until a missed person comes back or is caught another way",
    "42 days of worry for each false alarm",
    "a 42-day (6-week) wait for an assessment in the consequences table",
    "a crisis risk of 0.5% a week while someone who needs help is untreated",
)
"""The lesson's illustrative numbers (chosen for teaching, not taken from a study)."""


def sources():
    """The lesson's sources list and illustrative numbers, as notebook markdown."""
    return sources_cell(SOURCE_KEYS, ILLUSTRATIVE)


__all__ = [
    "DEFAULT_CLINIC", "BACKLOG_CLINIC", "STANDARD_WEEKS", "OPERATING_POINTS", "RouteExplorer",
    "OperatingPointPicker", "BacklogExplorer", "weekly_counts", "weekly_consequences", "simulated_summary",
    "predict_human_first", "q_who_no_contact", "q_push_back", "q_missed_count", "q_queue_after_10_weeks",
    "QUESTIONS", "summary", "SOURCE_KEYS", "ILLUSTRATIVE", "sources",
    "describe_assumptions", "meet_elena", "q_stable",
]
