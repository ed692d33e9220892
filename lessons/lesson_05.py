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

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from .engine.capacity import (
    Clinic,
    QueueResult,
    RouteComparison,
    compare_routes,
    queue_length_constant_arrivals,
    run_route,
)
from .engine.consequences import DEFAULT_PARAMS, ConsequenceParams, Consequences, consequences
from .ui.controls import NumberSlider, live_region
from .engine.describe import people
from .ui.explorers import Explorer, PresetPicker
from .ui.figures import base_layout, make_figure
from .engine.metrics import Counts
from .ui.palette import OKABE_ITO
from .ui.quiz import Choice, Numeric, Prediction
from .engine.scenario import DEFAULT_SEED
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
        f"{lead} the end of week {last}, the AI-first queue holds {people(ai.waiting_need)} people who need help "
        f"and {people(ai.queue.still_waiting('no_need'))} false alarms; {_mean_wait_words(ai.queue)}. "
        f"Meanwhile the AI has sent {people(ai.self_help_need)} missed people to self-help only: they are in "
        f"no queue, so a queue chart alone never shows them."
    )
    human_text = (
        f"The human-first queue holds {people(human.waiting_need)} people who need help and "
        f"{people(human.queue.still_waiting('no_need'))} who do not; {_mean_wait_words(human.queue)}. "
        f"Nobody is sent away by an AI."
    )
    if ai.clinic.slots_per_week == 0:
        human_text += " With no clinician slots, both queues only grow."
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
    paragraphs = [r.describe().split(" On average, over")[0].split(" Over ")[0] for r in comparison.routes]
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
        self.add_control("prevalence", NumberSlider(
            "Prevalence (share of referrals who need a clinician)", clinic.prevalence, 0.0, 1.0, 0.01,
            help="Of the people asking for help, the share who truly need a clinician (illustrative)."))
        self.add_control("sensitivity", NumberSlider(
            "AI sensitivity (share of those in need flagged)", clinic.sensitivity, 0.0, 1.0, 0.001,
            help="Of the people who need a clinician, the share the AI flags and sends to the queue."))
        self.add_control("specificity", NumberSlider(
            "AI specificity (share of the others not flagged)", clinic.specificity, 0.0, 1.0, 0.001,
            help="Of the people who do not need a clinician, the share the AI sends to self-help."))
        first = self.compute(**self.values())
        self.add_figure(waiting_figure(first, widget=True))
        self.add_figure(breakdown_figure(first, widget=True))
        self.draw(first)
        self._drawn = tuple(sorted(self.values().items()))

    def compute(self, slots_per_week, referrals_per_week, prevalence, sensitivity, specificity) -> RouteComparison:
        clinic = self.clinic.with_(slots_per_week=int(round(slots_per_week)),
                                   referrals_per_week=int(round(referrals_per_week)),
                                   prevalence=prevalence, sensitivity=sensitivity, specificity=specificity)
        return compare_routes(clinic)

    def draw(self, comparison: RouteComparison) -> None:
        waiting, breakdown = self.figures
        with waiting.batch_update():
            for trace, new in zip(waiting.data, waiting_traces(comparison)):
                trace.x, trace.y = new["x"], new["y"]
        with breakdown.batch_update():
            for trace, new in zip(breakdown.data, breakdown_traces(comparison)):
                trace.y, trace.text = new.y, new.text
        self.twins[0].value = live_region(describe_waiting(comparison))
        self.twins[1].value = live_region(describe_breakdown(comparison, self.params))


class OperatingPointPicker(PresetPicker):
    """A drop-down of sourced operating points that sets only the AI's sensitivity and specificity.

    The prevalence stays as the learner set it: it describes who asks for help, not the tool.
    """

    def __init__(self, explorer: Explorer, keys=OPERATING_POINTS):
        super().__init__(explorer, keys, label="AI operating point", placeholder="(choose an operating point)",
                         settings=lambda p: {"sensitivity": p.sensitivity, "specificity": p.specificity},
                         help="Loads a published sensitivity and specificity into the explorer.")

    def apply(self, key: str) -> bool:
        redrawn = super().apply(key)
        if key:
            self.note.value = self.note.value.replace(
                "</p>", " Only the sensitivity and specificity were loaded; the prevalence of the referrals "
                "is unchanged.</p>")
        return redrawn


# -- explorer 2: false alarms push real cases back -------------------------------------------------

@dataclass(frozen=True)
class BacklogView:
    """The AI-first queue at one capacity and specificity, with the backlog curve over specificity.

    slots_per_week: clinician slots a week. specificity: the AI's, 0 to 1.
    grid / backlog: specificities and the backlog (weeks of slots queued at the end; None if undefined).
    queue: the AI-first queue at this specificity. no_false_alarms: the same queue at specificity 1.
    flagged_per_week / false_alarms_per_week: expected people joining the queue each week.
    """

    slots_per_week: int
    specificity: float
    grid: tuple[float, ...]
    backlog: tuple[float | None, ...]
    queue: QueueResult
    no_false_alarms: QueueResult
    correctly_flagged_per_week: float
    false_alarms_per_week: float


def backlog_curve(clinic: Clinic, grid=SPECIFICITY_GRID) -> tuple[float | None, ...]:
    """Backlog in weeks at the end of the horizon (AI-first) for each specificity in ``grid``.

    Closed form (:func:`lessons.engine.capacity.queue_length_constant_arrivals`): flagged people arrive at a
    constant rate, so the queue after T weeks is T * max(0, flagged - slots); the backlog is that
    queue divided by the slots. None (undefined) at every point when the clinic has no slots.
    """
    if clinic.slots_per_week == 0:
        return tuple(None for _ in grid)
    pos = clinic.referrals_per_week * clinic.prevalence
    neg = clinic.referrals_per_week - pos
    flagged = pos * clinic.sensitivity + neg * (1.0 - np.asarray(grid, dtype=float))
    queue = queue_length_constant_arrivals(flagged, clinic.slots_per_week, clinic.weeks)
    return tuple((queue / clinic.slots_per_week).tolist())


def backlog_view(clinic: Clinic, curve: tuple[float | None, ...] | None = None) -> BacklogView:
    """The AI-first queue of ``clinic`` and the backlog curve over specificity.

    curve: the clinic's :func:`backlog_curve` if already computed (it depends on the slots, not on
    the specificity, so an explorer can reuse it); computed here when None.
    """
    flows = clinic.weekly_flows("ai_first")
    return BacklogView(
        clinic.slots_per_week, clinic.specificity, tuple(SPECIFICITY_GRID.tolist()),
        backlog_curve(clinic) if curve is None else curve,
        run_route(clinic, "ai_first").queue, run_route(clinic.with_(specificity=1.0), "ai_first").queue,
        flows["queue_need"], flows["queue_no_need"],
    )


def backlog_traces(view: BacklogView) -> list[dict]:
    """Backlog curve, the 6- and 18-week standards, and the current specificity's point."""
    grid = list(view.grid)
    here = view.queue.backlog_weeks().weeks
    std6, std18 = STANDARD_WEEKS
    return [
        dict(x=grid, y=list(view.backlog), mode="lines", name=f"Backlog with {view.slots_per_week} slots a week",
             line=dict(color=OKABE_ITO["blue"], dash="solid", width=4),
             hovertemplate="specificity %{x:.2f}: backlog %{y:.1f} weeks<extra></extra>"),
        dict(x=[grid[0], grid[-1]], y=[std6, std6], mode="lines", name="6-week standard (NHS Talking Therapies)",
             line=dict(color=OKABE_ITO["bluish_green"], dash="dash", width=2), hoverinfo="skip"),
        dict(x=[grid[0], grid[-1]], y=[std18, std18], mode="lines", name="18-week standard",
             line=dict(color=OKABE_ITO["reddish_purple"], dash="dot", width=2), hoverinfo="skip"),
        dict(x=[view.specificity] if here is not None else [], y=[here] if here is not None else [],
             mode="markers+text", name=f"Current specificity {view.specificity:.2f}",
             text=[f"{here:.1f} weeks"] if here is not None else [], textposition="top center",
             marker=dict(symbol="diamond", size=15, color=OKABE_ITO["black"],
                         line=dict(width=2, color=OKABE_ITO["yellow"])),
             hovertemplate="current specificity %{x:.2f}: %{y:.1f} weeks<extra></extra>"),
    ]


def backlog_figure(view: BacklogView, widget: bool = False):
    """Backlog after the horizon (weeks of slots) against the AI's specificity."""
    layout = base_layout(
        f"False alarms push real cases back: the AI-first queue after {view.queue.weeks} weeks",
        "AI specificity (share of people without need sent to self-help)",
        "Backlog (weeks of slots queued)", height=460,
        xaxis=dict(range=[0.49, 1.01]), yaxis=dict(rangemode="tozero"),
        margin=dict(l=70, r=30, t=130, b=60),
    )
    return make_figure(backlog_traces(view), layout, widget)


def describe_backlog(view: BacklogView) -> str:
    """Text twin of the backlog figure."""
    q, ref = view.queue, view.no_false_alarms
    head = (f"Each week the AI sends about {view.correctly_flagged_per_week:.1f} correctly flagged people and "
            f"{view.false_alarms_per_week:.1f} false alarms into one first-in-first-out queue "
            f"(specificity {view.specificity:.2f}, {view.slots_per_week} clinician slots a week).")
    backlog = q.backlog_weeks()
    if not backlog.defined:
        return head + (" With no clinician slots nobody is ever seen and the backlog is undefined: "
                       "the queue never clears.")
    weeks = backlog.weeks
    std6, std18 = STANDARD_WEEKS
    verdict = ("within the 6-week standard" if weeks <= std6 else
               "beyond the 6-week standard" if weeks <= std18 else "beyond even the 18-week standard")
    ref_weeks = ref.backlog_weeks().weeks
    return (
        f"{head} After {q.weeks} weeks {people(q.queue[-1])} people are queued, {people(q.still_waiting('need'))} "
        f"of them in need: a backlog of {weeks:.1f} weeks, so a person in need flagged now would wait about that "
        f"long ({verdict}). With no false alarms (specificity 1.00) the backlog would be {ref_weeks:.1f} weeks. "
        f"Lower specificity, more false alarms, longer waits for everybody in the queue."
    )


class BacklogExplorer(Explorer):
    """Clinician slots and AI specificity -> backlog of the AI-first queue (curve cached per slot count)."""

    title = "False alarms in the queue"
    intro = ("The AI-first route with fixed referrals. Every false alarm takes a slot from someone who needs "
             "help. Change the slots and the specificity and watch the backlog against the waiting-time standards.")

    def __init__(self, clinic: Clinic = BACKLOG_CLINIC):
        super().__init__()
        if not isinstance(clinic, Clinic):
            raise ValueError(f"clinic must be a Clinic; got {type(clinic).__name__}")
        self.clinic = clinic
        self._curves: dict[int, tuple] = {}
        self.add_control("slots_per_week", NumberSlider(
            "Clinician assessment slots per week", clinic.slots_per_week, 0, 120, 1,
            help="How many first assessments the clinicians can do each week (illustrative)."))
        self.add_control("specificity", NumberSlider(
            "AI specificity (share of the others not flagged)", clinic.specificity, 0.5, 1.0, 0.01,
            help="Lower specificity means more false alarms join the queue."))
        first = self.compute(**self.values())
        self.add_figure(backlog_figure(first, widget=True))
        self.draw(first)
        self._drawn = tuple(sorted(self.values().items()))

    def compute(self, slots_per_week, specificity) -> BacklogView:
        clinic = self.clinic.with_(slots_per_week=int(round(slots_per_week)), specificity=specificity)
        slots = clinic.slots_per_week
        if slots not in self._curves:
            self._curves[slots] = backlog_curve(clinic)
        return backlog_view(clinic, self._curves[slots])

    def draw(self, view: BacklogView) -> None:
        fig = self.figure
        with fig.batch_update():
            for trace, new in zip(fig.data, backlog_traces(view)):
                trace.x, trace.y, trace.name = new["x"], new["y"], new["name"]
                if "text" in new:
                    trace.text = new["text"]
        self.text.value = live_region(describe_backlog(view))


# -- printed summaries (nbval-checked) -------------------------------------------------------------

def weekly_counts(clinic: Clinic = DEFAULT_CLINIC) -> Counts:
    """One week's referrals through the AI (expected counts): the confusion table of the AI-first route."""
    f = clinic.weekly_flows("ai_first")
    return Counts(tp=f["queue_need"], fn=f["self_help_need"], fp=f["queue_no_need"], tn=f["self_help_no_need"])


def weekly_consequences(clinic: Clinic = DEFAULT_CLINIC, params: ConsequenceParams = DEFAULT_PARAMS) -> Consequences:
    """What one week of AI-first screening leads to, pathway by pathway (fixed 6-week wait)."""
    return consequences(weekly_counts(clinic), params)


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

predict_human_first = Prediction(
    "Human-first route, 60 referrals a week (half need a clinician), 40 clinician slots a week. "
    "Over 26 weeks, what percentage of the people who need help do you think a clinician will see?",
    truth=round(100 * _default.human_first.human_contact_share.value),
    unit="%",
    explain=("Everybody joins one queue and only 40 of the 60 arrivals a week can be seen, so the queue grows by "
             "20 a week and a third of the people in need are still waiting at the end."),
    low=0.0, high=100.0, step=1.0,
)

q_who_no_contact = Choice(
    "In the AI-first route, which group never reaches a clinician (within the 26 weeks)?",
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

q_missed_count = Numeric(
    "AI-first route, default clinic: 60 referrals a week, half need a clinician, sensitivity 0.88. "
    "How many people who need help does the AI send to self-help only over 26 weeks?",
    answer=_missed_26, tolerance=1.0, unit="people",
    explanation=(f"30 people a week need help and 12% of them are missed: 3.6 a week, about "
                 f"{_missed_26:.0f} in 26 weeks, none of whom sees a clinician."),
    hint="Start from the people who need help each week, take the share missed (1 - sensitivity), then "
         "multiply by the weeks.",
)

_queue_10 = float(run_route(DEFAULT_CLINIC.with_(weeks=10), "human_first").queue.queue[-1])

q_queue_after_10_weeks = Numeric(
    "Human-first route: 60 people join the queue each week and clinicians see 40 a week. How many people are "
    "waiting at the end of week 10?",
    answer=_queue_10, tolerance=1.0, unit="people",
    explanation=f"The queue grows by 60 - 40 = 20 people a week: {_queue_10:.0f} after 10 weeks.",
    hint="Each week, how many more join than are seen?",
)

QUESTIONS = (q_who_no_contact, q_push_back, q_missed_count, q_queue_after_10_weeks)


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
]
