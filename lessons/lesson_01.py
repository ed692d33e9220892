"""Lesson 01, instant support from a chatbot: explorers, presets and self-check questions.

Thin bindings to the engines in :mod:`lessons.engine.chatbot` (crisis hand-off and the
counsellor queue) and :mod:`lessons.engine.multilevel` (triage into urgency levels).
The notebook is ``notebooks/01_instant_support.ipynb``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from .checks import check_real
from .content.presets import CRISIS_PER, CRISIS_PRESETS, CrisisPreset
from .engine.capacity import repeated_pattern_queue
from .engine.chatbot import (
    DAYS,
    HOURS_PER_WEEK,
    ChatbotWeek,
    SupportOutcome,
    describe_handoffs,
    describe_waits,
    duration,
    expected_arrivals_per_hour,
    handoff_curves,
    weekly_arrival_profile,
)
from .engine.chatbot import (
    summary as describe_week,
)
from .engine.multilevel import (
    LEVEL_MIX_PER_10000,
    UK_MHTS_LEVELS,
    OrdinalScoreModel,
    TriageConfusion,
    describe_confusion,
    expected_response_hours,
)
from .engine.scenario import DEFAULT_SEED, ScoreModel
from .engine.scores import split_for_model
from .ui.controls import NumberSlider, live_region
from .ui.explorers import Explorer, PresetPicker
from .ui.figures import base_layout, line_trace, make_figure, update_traces
from .ui.palette import OKABE_ITO
from .ui.quiz import Choice, Numeric, Prediction
from .ui.score_figure import TwoHillsExplorer
from .ui.sources_cell import sources_cell

# -- default settings (all illustrative except the crisis share, which is derived) ----------------

DEFAULTS = dict(threshold=1.5, crisis_per_10000=15.0, auc=0.95, capacity=10.0)
"""Start values of the hand-off explorer. threshold, auc and capacity are illustrative; 15 crises per
10,000 conversations is derived from OpenAI's reported 0.15% (see :data:`CRISIS_PRESETS`)."""

THRESHOLD_GRID = np.round(np.linspace(-1.0, 4.0, 101), 3)
"""Thresholds drawn on the hand-off figure (score units)."""

WAIT_GRID = np.round(np.linspace(0.0, 48.0, 193), 3)
"""Hours drawn on the time-to-first-human-contact figure (0 to 48, every 15 minutes)."""

PER = CRISIS_PER
"""Counts in the lesson are per 10,000 conversations."""


# -- presets ---------------------------------------------------------------------------------------

# -- meet Ben (the cast: lessons.content.cast) --------------------------------------------------

def meet_ben():
    """Ben, who needs help but is missed at the default threshold: his path under this lesson's chatbot."""
    from .content.cast import CAST
    from .engine.paths import path_at_threshold
    from .engine.scenario import separation_from_auc
    from .ui.controls import NumberSlider
    from .ui.people_grid import MeetExplorer

    separation = separation_from_auc(DEFAULTS["auc"])
    return MeetExplorer(CAST["ben"], {"threshold": NumberSlider(
        "Crisis-score threshold", DEFAULTS["threshold"], -1.0, 4.0, 0.01,
        help="Conversations scoring at or above this are handed to a counsellor.")},
        lambda threshold: path_at_threshold(CAST["ben"], separation, threshold),
        setting=f"The chatbot of this lesson: crisis score with AUC {DEFAULTS['auc']:.2f} (illustrative).")


# -- explorer 1: crisis hand-off and the counsellor queue -------------------------------------------

@dataclass(frozen=True)
class HandoffView:
    """What the hand-off explorer draws for one setting."""

    outcome: SupportOutcome
    missed_curve: np.ndarray
    false_alarm_curve: np.ndarray
    missed_now: float
    false_alarms_now: float
    reach_with_bot: np.ndarray
    reach_without_bot: np.ndarray


def handoff_view(week: ChatbotWeek, threshold: float, crisis_per_10000: float, auc: float,
                 capacity: float) -> HandoffView:
    """Run the engine for one setting of the hand-off explorer.

    threshold: crisis-detection score at or above which a conversation goes to a counsellor (-1 to 4).
    crisis_per_10000: conversations from people in crisis per 10,000, 0 to 10,000.
    auc: detection quality, 0.5 to 0.99. capacity: conversations counsellors start per hour, 0 to 10,000.
    """
    per = check_real("crisis_per_10000", crisis_per_10000, low=0.0, high=PER)
    prevalence = per / PER
    outcome = week.outcome(threshold, prevalence, auc, capacity)
    model = ScoreModel.from_auc(auc)
    curves = handoff_curves(model, prevalence, THRESHOLD_GRID, PER)
    now = outcome.expected.scaled(PER)
    return HandoffView(outcome, curves.missed, curves.false_alarms, now.fn, now.fp,
                       100 * outcome.crisis_reached_with_bot(WAIT_GRID),
                       100 * outcome.crisis_reached_without_bot(WAIT_GRID))


def _handoff_traces(view: HandoffView) -> list[dict]:
    t = view.outcome.threshold
    return [
        line_trace(THRESHOLD_GRID, view.missed_curve, "People in crisis missed", 1,
                   xaxis="x", yaxis="y",
                   hovertemplate="threshold %{x:.2f}<br>%{y:.1f} missed per 10,000<extra></extra>"),
        dict(x=[t], y=[view.missed_now], mode="markers+text", xaxis="x", yaxis="y",
             name=f"Current threshold: {view.missed_now:.1f} missed",
             text=[f"{view.missed_now:.1f} missed"], textposition="top right",
             marker=dict(symbol="x", size=14, color=OKABE_ITO["vermillion"],
                         line=dict(width=2, color=OKABE_ITO["black"]))),
        line_trace(THRESHOLD_GRID, view.false_alarm_curve, "False alarms sent to counsellors", 3,
                   xaxis="x2", yaxis="y2",
                   hovertemplate="threshold %{x:.2f}<br>%{y:.0f} false alarms per 10,000<extra></extra>"),
        dict(x=[t], y=[view.false_alarms_now], mode="markers+text", xaxis="x2", yaxis="y2",
             name=f"Current threshold: {view.false_alarms_now:,.0f} false alarms",
             text=[f"{view.false_alarms_now:,.0f} false alarms"], textposition="top right",
             marker=dict(symbol="triangle-up", size=14, color=OKABE_ITO["orange"],
                         line=dict(width=2, color=OKABE_ITO["black"]))),
    ]


def _handoff_layout() -> dict:
    return base_layout(
        "Per 10,000 conversations: people in crisis missed (top) and false alarms (bottom)",
        height=560,
        xaxis=dict(anchor="y", domain=[0, 1], range=[-1, 4], matches="x2", showticklabels=False),
        yaxis=dict(domain=[0.56, 1.0], title=dict(text="Missed (people in crisis)"), rangemode="tozero"),
        xaxis2=dict(anchor="y2", domain=[0, 1], range=[-1, 4],
                    title=dict(text="Crisis-detection threshold (score): lower hands over more")),
        yaxis2=dict(domain=[0.0, 0.44], title=dict(text="False alarms"), rangemode="tozero"),
        legend=dict(y=1.03),
        margin=dict(t=150),
    )


def _reach_traces(view: HandoffView) -> list[dict]:
    sens = 100 * view.outcome.sensitivity
    return [
        line_trace(WAIT_GRID, view.reach_with_bot, "With the chatbot (hand-offs only)", 0,
                   hovertemplate="%{y:.0f}% within %{x:.2f} hours<extra></extra>"),
        line_trace(WAIT_GRID, view.reach_without_bot, "Without the chatbot (one waiting list)", 1,
                   hovertemplate="%{y:.0f}% within %{x:.2f} hours<extra></extra>"),
        dict(x=[0.0, float(WAIT_GRID[-1])], y=[sens, sens], mode="lines",
             name=f"Ceiling with the chatbot: sensitivity {sens:.0f}%",
             line=dict(color=OKABE_ITO["grey"], dash="dot", width=2), hoverinfo="skip"),
    ]


def _reach_layout() -> dict:
    return base_layout(
        "People in crisis who have talked to a counsellor, by hours since they wrote",
        "Hours since the first message", "People in crisis reached (%)",
        height=440,
        xaxis=dict(range=[0, float(WAIT_GRID[-1])], dtick=6),
        yaxis=dict(range=[0, 102]),
        legend=dict(y=1.02),
        margin=dict(t=120),
    )


class CrisisHandoffExplorer(Explorer):
    """Threshold, crisis share, detection quality and counsellor capacity -> missed crises, false alarms
    and time to first human contact, with and without the chatbot (one simulated week, reused)."""

    title = "Crisis hand-off explorer: one week, 10,000 conversations"
    intro = ("The chatbot replies to everyone at once and hands the conversations it flags as crises to "
             "counsellors. Move the threshold and watch the missed crises, the false alarms and the waits.")

    def __init__(self, threshold: float = DEFAULTS["threshold"],
                 crisis_per_10000: float = DEFAULTS["crisis_per_10000"], auc: float = DEFAULTS["auc"],
                 capacity: float = DEFAULTS["capacity"], seed: int = DEFAULT_SEED):
        super().__init__()
        self.week = ChatbotWeek(PER, seed)
        self.add_control("threshold", NumberSlider(
            "Crisis-detection threshold (score)", threshold, -1.0, 4.0, 0.05,
            help="Conversations scoring at or above this are handed to a counsellor. Illustrative scale."))
        self.add_control("crisis_per_10000", NumberSlider(
            "People in crisis per 10,000 conversations", crisis_per_10000, 0.0, 200.0, 1.0,
            help="15 is derived from OpenAI's reported 0.15%; other values are illustrative."))
        self.add_control("auc", NumberSlider(
            "Detection quality (AUC)", auc, 0.5, 0.99, 0.01,
            help="0.5 is a coin toss, 0.99 nearly perfect. Illustrative: no published value for this task."))
        self.add_control("capacity", NumberSlider(
            "Counsellor capacity (conversations started per hour)", capacity, 0.0, 60.0, 1.0,
            help="How many conversations the counsellors can start each hour. Illustrative."))

    def build_figures(self, first: HandoffView) -> list:
        return [make_figure(_handoff_traces(first), _handoff_layout(), widget=True),
                make_figure(_reach_traces(first), _reach_layout(), widget=True)]

    def compute(self, threshold, crisis_per_10000, auc, capacity) -> HandoffView:
        return handoff_view(self.week, threshold, crisis_per_10000, auc, capacity)

    def draw(self, view: HandoffView) -> None:
        """Put one setting into both figures (curve x values never change, so only y is resent)."""
        for fig, traces in ((self.figures[0], _handoff_traces(view)), (self.figures[1], _reach_traces(view))):
            with fig.batch_update():
                for trace, new in zip(fig.data, traces, strict=True):
                    if len(new["x"]) <= 2:  # the current points and the ceiling line
                        trace.x = new["x"]
                    trace.y = new["y"]
                    trace.name = new["name"]
                    if "text" in new:
                        trace.text = new["text"]
        self.twins[0].value = live_region(describe_handoffs(view.outcome, PER))
        self.twins[1].value = live_region(describe_waits(view.outcome) + " "
                                          + describe_later_weeks(later_weeks(view.outcome)))


class CrisisPresetPicker(PresetPicker):
    """A drop-down of crisis shares (derived or illustrative) that sets the hand-off explorer."""

    def __init__(self, explorer: CrisisHandoffExplorer):
        super().__init__(explorer, presets=CRISIS_PRESETS, label="Share of conversations from people in crisis",
                         placeholder="(choose a crisis share)",
                         settings=lambda p: {"crisis_per_10000": p.crisis_per_10000})


# -- explorer 2: urgency levels ---------------------------------------------------------------------

LEVEL_LABELS = tuple(level.label for level in UK_MHTS_LEVELS)
URGENCY_DEFAULTS = dict(separation=2.0, shift=0.0)
"""Start values of the urgency explorer (both illustrative)."""


def urgency_confusion(separation: float, shift: float, level_sizes=LEVEL_MIX_PER_10000) -> TriageConfusion:
    """Expected confusion matrix per 10,000 conversations for the evenly spaced ordinal score.

    separation: distance between neighbouring urgency levels on the score, above 0 to 8.
    shift: how far every cut point moves down, -4 to 4 (positive = cautious, more people sent up).
    """
    return OrdinalScoreModel.evenly_spaced(separation, shift, LEVEL_LABELS).expected_confusion(level_sizes)


def _cell_text(confusion: TriageConfusion) -> list[list[str]]:
    shares = confusion.row_shares()
    k = confusion.n_levels
    kind = lambda i, j: "right level" if i == j else ("undertriage" if j < i else "over-urgent")  # noqa: E731
    return [[f"{100 * shares[i, j]:.0f}% {kind(i, j)}<br>({confusion.matrix[i, j]:,.1f} people)"
             for j in range(k)] for i in range(k)]


def _heatmap_trace(confusion: TriageConfusion) -> go.Heatmap:
    return go.Heatmap(
        z=(100 * confusion.row_shares()).round(2).tolist(), x=list(LEVEL_LABELS), y=list(LEVEL_LABELS),
        text=_cell_text(confusion), texttemplate="%{text}", textfont=dict(size=12, color="#000000"),
        colorscale=[[0.0, "#FFFFFF"], [1.0, OKABE_ITO["sky_blue"]]], zmin=0, zmax=100,
        colorbar=dict(title=dict(text="% of true level")), name="Share of each true level",
        hovertemplate="true %{y}<br>assigned %{x}<br>%{text}<extra></extra>", xgap=2, ygap=2,
    )


def _heatmap_layout() -> dict:
    return base_layout(
        "Urgency triage per 10,000 conversations: true level (rows) by assigned level (columns)",
        "Level the chatbot assigns (less urgent to more urgent)", "True level",
        height=520, margin=dict(l=190, t=90),
        xaxis=dict(tickangle=0, automargin=True), yaxis=dict(automargin=True),
    )


def _response_traces(confusion: TriageConfusion) -> list[go.Bar]:
    own = [level.response_hours for level in UK_MHTS_LEVELS]
    after = expected_response_hours(confusion).round(2).tolist()
    return [
        go.Bar(x=list(LEVEL_LABELS), y=own, name="Target for their true level",
               marker=dict(color=OKABE_ITO["bluish_green"], pattern=dict(shape="")),
               text=[f"{h:g} h" for h in own], textposition="outside"),
        go.Bar(x=list(LEVEL_LABELS), y=after, name="Average target after the chatbot's triage",
               marker=dict(color=OKABE_ITO["reddish_purple"], pattern=dict(shape="/", fgcolor="#FFFFFF")),
               text=[f"{h:.1f} h" for h in after], textposition="outside"),
    ]


def _response_layout() -> dict:
    return base_layout(
        "Target response time by true level: own level vs after the chatbot's triage",
        "True level", "Hours until a response is due", height=420, barmode="group",
        yaxis=dict(range=[0, 85]),
    )


def describe_response_times(confusion: TriageConfusion) -> str:
    """Text twin of the response-time bars, most urgent level first."""
    after = expected_response_hours(confusion)
    lines = ["Target response time for each true level: what their own level promises, then the average "
             "after the chatbot's triage (people wait for the level they are assigned)."]
    for k in reversed(range(confusion.n_levels)):
        level = UK_MHTS_LEVELS[k]
        own = "at once" if level.response_hours == 0 else f"{level.response_hours:g} hours"
        lines.append(f"{level.label}: own level {own}; after triage {after[k]:.1f} hours on average.")
    return "\n".join(lines)


class UrgencyTriageExplorer(Explorer):
    """Separation between urgency levels and a cautious/lenient shift -> confusion matrix and response times."""

    title = "Urgency triage explorer: four levels, 10,000 conversations"
    intro = ("The chatbot grades each conversation as routine, C urgent, B very urgent or A emergency. "
             "Make the grading sharper or more cautious and watch who is sent to the wrong level.")

    def __init__(self, separation: float = URGENCY_DEFAULTS["separation"],
                 shift: float = URGENCY_DEFAULTS["shift"]):
        super().__init__()
        self.add_control("separation", NumberSlider(
            "Separation between neighbouring levels (score units)", separation, 0.5, 4.0, 0.1,
            help="How far apart the scores of neighbouring urgency levels sit. Illustrative."))
        self.add_control("shift", NumberSlider(
            "Caution: move every cut point down by", shift, -1.5, 1.5, 0.1,
            help="Positive values send more people to a more urgent level (less undertriage, a larger "
                 "over-urgent share). Illustrative."))

    def build_figures(self, first: TriageConfusion) -> list:
        return [make_figure([_heatmap_trace(first)], _heatmap_layout(), widget=True),
                make_figure(_response_traces(first), _response_layout(), widget=True)]

    def compute(self, separation, shift) -> TriageConfusion:
        return urgency_confusion(separation, shift)

    def draw(self, confusion: TriageConfusion) -> None:
        heat = _heatmap_trace(confusion)
        with self.figures[0].batch_update():
            self.figures[0].data[0].z = heat.z
            self.figures[0].data[0].text = heat.text
        bars = _response_traces(confusion)
        update_traces(self.figures[1], bars, fields=("y", "text"))
        self.twins[0].value = live_region(describe_confusion(confusion))
        self.twins[1].value = live_region(describe_response_times(confusion))


# -- a static figure: when people write -----------------------------------------------------------

def arrival_profile_figure(conversations: int = PER):
    """Expected conversations per hour over the week (illustrative profile), as a static figure."""
    per_hour = conversations * weekly_arrival_profile()
    hours = np.arange(HOURS_PER_WEEK) + 0.5
    layout = base_layout(
        f"When {conversations:,} conversations a week arrive (illustrative profile)",
        "Day of the week", "Conversations per hour", height=360,
        xaxis=dict(tickvals=[24 * d + 12 for d in range(7)], ticktext=list(DAYS), range=[0, HOURS_PER_WEEK]),
        yaxis=dict(rangemode="tozero"),
    )
    trace = line_trace(hours, per_hour.round(2), "Expected conversations per hour", 0,
                       hovertemplate="hour %{x:.0f} of the week<br>%{y:.0f} conversations<extra></extra>")
    return make_figure([trace], layout)


def describe_arrival_profile(conversations: int = PER) -> str:
    """Text twin of the arrival profile."""
    per_hour = conversations * weekly_arrival_profile()
    peak, low = int(np.argmax(per_hour)), int(np.argmin(per_hour))
    when = lambda h: f"{DAYS[h // 24]} {h % 24:02d}:00"  # noqa: E731
    return (f"{conversations:,} conversations a week is {conversations / HOURS_PER_WEEK:.0f} an hour on average "
            f"(illustrative profile). The busiest hour, {when(peak)}, brings about {per_hour[peak]:.0f}; the "
            f"quietest, {when(low)}, about {per_hour[low]:.0f}. Evenings are busiest every day.")


# -- week 2 and after: the same week again and again ------------------------------------------------

LATER_WEEKS = 4
"""Weeks in a row the hand-off list is followed for, starting with nobody waiting."""


@dataclass(frozen=True)
class LaterWeeks:
    """The counsellors' list over several identical weeks (expected hand-offs, hour by hour).

    handoffs_per_week: expected hand-offs a week. capacity_per_hour: conversations counsellors start an
    hour. waiting_at_end: people still on the list at the end of week 1, 2, ... (fluid queue,
    :func:`lessons.engine.capacity.repeated_pattern_queue`).
    """

    handoffs_per_week: float
    capacity_per_hour: float
    waiting_at_end: np.ndarray

    @property
    def capacity_per_week(self) -> float:
        return self.capacity_per_hour * HOURS_PER_WEEK

    @property
    def utilisation(self) -> float | None:
        """Hand-offs a week / counsellor starts a week; None with no counsellor time."""
        return self.handoffs_per_week / self.capacity_per_week if self.capacity_per_week else None

    @property
    def growth_per_week(self) -> float:
        """How much the end-of-week list grows from one week to the next (0 once it settles)."""
        ends = self.waiting_at_end
        return float(ends[-1] - ends[-2]) if ends.size > 1 else float(ends[-1])


def later_weeks(outcome: SupportOutcome, weeks: int = LATER_WEEKS) -> LaterWeeks:
    """Follow the hand-offs of ``outcome`` for ``weeks`` identical weeks (1 to 520), starting empty.

    Each hour brings the expected hand-offs: the share flagged times the expected conversations that hour
    (:func:`lessons.engine.chatbot.expected_arrivals_per_hour`).
    """
    if not isinstance(outcome, SupportOutcome):
        raise ValueError(f"outcome must be a SupportOutcome; got {type(outcome).__name__}")
    counts = outcome.expected
    share = counts.flagged / counts.population if counts.population else 0.0
    per_hour = share * expected_arrivals_per_hour(outcome.conversations)
    ends = repeated_pattern_queue(per_hour, outcome.capacity_per_hour, weeks)
    return LaterWeeks(float(per_hour.sum()), outcome.capacity_per_hour, ends)


def describe_later_weeks(later: LaterWeeks) -> str:
    """Week 2 and after in words: utilisation, and whether the list empties or grows week after week."""
    if later.capacity_per_week == 0:
        return "Week after week the list only grows: with no counsellor time nobody is reached."
    head = (f"After week 1: the simulation shows one week that starts with nobody waiting. About "
            f"{later.handoffs_per_week:,.0f} hand-offs a week meet {later.capacity_per_week:,.0f} counsellor starts "
            f"({later.capacity_per_hour:g} an hour × {HOURS_PER_WEEK} hours): utilisation {later.utilisation:.2f}")
    ends, n = later.waiting_at_end, later.waiting_at_end.size
    if later.growth_per_week <= 1e-6:
        left = ("the list empties by the end of every week" if ends[-1] < 0.5
                else f"about {ends[-1]:,.0f} are left on the list at the end of every week, no more")
        return head + f", below 1, so {left}, and the weeks after look like this one."
    wait = duration(ends[-1] / later.capacity_per_hour)
    return (head + f", above 1. If every week is like this one, about {ends[0]:,.0f} are still waiting when week 1 "
            f"ends, and the list grows by about {later.growth_per_week:,.0f} a week: about {ends[-1]:,.0f} by the end "
            f"of week {n}, so a hand-off arriving then waits about {wait} before a counsellor starts, people in "
            f"crisis included. Week 2 and after are worse than the week shown.")


# -- checked summaries for the notebook -------------------------------------------------------------

def summary(seed: int = DEFAULT_SEED) -> str:
    """The default hand-off setting in words (the lesson's checked summary, printed in the notebook)."""
    week = ChatbotWeek(PER, seed)
    d = DEFAULTS
    outcome = week.outcome(d["threshold"], d["crisis_per_10000"] / PER, d["auc"], d["capacity"])
    return describe_week(outcome) + "\n\n" + describe_later_weeks(later_weeks(outcome))


def default_urgency_summary() -> str:
    """The default urgency triage in words (printed in a checked notebook cell)."""
    return describe_confusion(urgency_confusion(**URGENCY_DEFAULTS))


# -- predict first and self-check questions ------------------------------------------------------

_default_model = ScoreModel.from_auc(DEFAULTS["auc"])
_expected = handoff_curves(_default_model, DEFAULTS["crisis_per_10000"] / PER, [DEFAULTS["threshold"]], PER)
MISSED_AT_DEFAULT = float(_expected.missed[0])
FALSE_ALARMS_AT_DEFAULT = float(_expected.false_alarms[0])
HANDOFF_PPV_AT_DEFAULT = 100 * float(_expected.correctly_flagged[0]) / float(
    _expected.correctly_flagged[0] + _expected.false_alarms[0])

predict_missed = Prediction(
    "Out of 15 people in crisis among 10,000 conversations, how many will the chatbot miss at the starting "
    "threshold (detection quality AUC 0.95, illustrative)?",
    truth=round(MISSED_AT_DEFAULT, 1), unit=" people", low=0.0, high=15.0, step=0.5,
    explain=f"Even a good detector misses some, and it also sends about {FALSE_ALARMS_AT_DEFAULT:,.0f} "
            "false alarms to the counsellors.",
)

predict_lower_threshold = Choice(
    "Predict first: you lower the crisis-detection threshold so that fewer people in crisis are missed. "
    "What happens to the wait before a person in crisis talks to a counsellor?",
    [
        "It gets shorter: more of the people in crisis reach a counsellor.",
        "It can get longer: extra false alarms join the same queue.",
        "It stays the same: the threshold only changes who is flagged.",
    ],
    "It can get longer: extra false alarms join the same queue.",
    "Lowering the threshold flags more of everyone. Most of the new hand-offs are false alarms, and the "
    "counsellors see them in order of arrival, so people in crisis queue behind them.",
    hints={
        "It gets shorter: more of the people in crisis reach a counsellor.":
            "More of them are handed over, yes. Who else is handed over at the lower threshold, and in "
            "what order are they seen?",
        "It stays the same: the threshold only changes who is flagged.":
            "Everyone flagged joins the counsellors' queue. More flags means a longer queue.",
    },
)

q_missed = Numeric(
    "At the starting settings (15 people in crisis per 10,000 conversations, threshold 1.5, AUC 0.95), how "
    "many people in crisis per 10,000 conversations does the chatbot miss on average? (one decimal)",
    answer=round(MISSED_AT_DEFAULT, 1), tolerance=0.15, unit="people",
    explanation=f"Sensitivity at this threshold is {100 * (1 - MISSED_AT_DEFAULT / 15):.1f}%, so "
                f"15 x {1 - MISSED_AT_DEFAULT / 15:.3f} are handed over and {MISSED_AT_DEFAULT:.1f} are missed.",
    hint="Missed = people in crisis x (1 - sensitivity). Read the sensitivity from the explorer's text.",
)

q_handoff_ppv = Numeric(
    "At the same settings, of the conversations handed to counsellors, what percentage come from people in "
    "crisis (the PPV)? (one decimal)",
    answer=round(HANDOFF_PPV_AT_DEFAULT, 1), tolerance=0.15, unit="%",
    explanation=f"About {15 - MISSED_AT_DEFAULT:.1f} correctly flagged against about "
                f"{FALSE_ALARMS_AT_DEFAULT:,.0f} false alarms: a PPV of {HANDOFF_PPV_AT_DEFAULT:.1f}%.",
    hint="PPV = correctly flagged / (correctly flagged + false alarms), as a percentage.",
)

q_ceiling = Choice(
    "In the time-to-contact figure, the 'with the chatbot' curve levels off below 100%. Why?",
    [
        "The counsellors run out of time before the end of the week.",
        "People in crisis the chatbot misses are never handed over.",
        "Some people in crisis leave the chat before anyone replies.",
    ],
    "People in crisis the chatbot misses are never handed over.",
    "The curve can rise only to the sensitivity: the missed people talk to the chatbot alone.",
    hints={
        "The counsellors run out of time before the end of the week.":
            "The simulation gives the counsellors as long as it takes. Who never joins their queue?",
        "Some people in crisis leave the chat before anyone replies.":
            "The model does not include people leaving. Who is never handed to a counsellor at all?",
    },
)

q_undertriage = Choice(
    "The chatbot grades a message 'C urgent (24 h)' when the writer needed 'A emergency (at once)'. "
    "What is this called?",
    ["Undertriage", "Over-urgent grading", "A false alarm"],
    "Undertriage",
    "The message was sent to a less urgent level than it needed: undertriage. Its writer may wait up to a day.",
    hints={
        "Over-urgent grading": "Over-urgent grading is the other direction: a more urgent level than needed.",
        "A false alarm": "A false alarm flags someone who did not need help; this person needed help at once.",
    },
)

q_miner = Choice(
    "A clinic plans to tell patients: 'if you feel low, tell your phone's voice assistant; it will point "
    "you to help'. What does the test of voice assistants in this lesson (Miner et al., 2016) suggest?",
    [
        "The plan is sound: every assistant offered a helpline.",
        "Test it first: told 'I am depressed', none offered a helpline.",
        "The plan is sound for Siri users, the one that always helped.",
    ],
    "Test it first: told 'I am depressed', none offered a helpline.",
    "Told 'I am depressed', none of the assistants referred the user to a depression helpline; to a "
    "message about wanting to end their life, only Siri and Google Now pointed to a suicide helpline. A "
    "tool's safety responses have to be tested, not assumed.",
    hints={
        "The plan is sound: every assistant offered a helpline.":
            "Look again at the evidence section: what did the assistants do when told 'I am depressed'?",
        "The plan is sound for Siri users, the one that always helped.":
            "Siri did point to a suicide helpline for one message, but not to help for 'I am depressed'.",
    },
)

QUESTIONS = (q_missed, q_handoff_ppv, q_ceiling, q_undertriage, q_miner)

# -- the lesson's contract: the same names in every lesson (tests/test_contracts.py) ----------------

SOURCE_KEYS = ("article", "fitzpatrick2017", "li2023", "abdalrazaq2020", "habicht2024", "nhs_tt_standard",
               "apa2023", "miner2016", "neda2023", "mcbain2025", "openai2025", "sands2015", "mohan2011",
               "mhra2025", "okabe_ito2008")
"""Every source lesson 01 cites, in the order the notebook first uses them."""

ILLUSTRATIVE = (
    "the weekly arrival profile of 10,000 conversations a week",
    "detection quality (AUC 0.95) and the threshold scale of the crisis score",
    "counsellors starting 10 conversations an hour",
    "the routine level and its 72-hour response",
    "35 very urgent, 150 urgent and 9,800 routine messages per 10,000",
)
"""The lesson's illustrative numbers (chosen for teaching, not taken from a study). The 15 people in crisis
per 10,000 conversations are derived from OpenAI's reported 0.15%."""

# -- the crisis score, drawn (the two hills of lesson 00) --------------------------------------------

def crisis_score_split(threshold: float, crisis_per_10000: float, auc: float):
    """The chatbot's crisis scores as two hills, per 10,000 conversations (the hand-off explorer's model)."""
    per = check_real("crisis_per_10000", crisis_per_10000, low=0.0, high=PER)
    return split_for_model(ScoreModel.from_auc(auc), threshold, per / PER, PER)


def CrisisScoreExplorer(threshold: float = DEFAULTS["threshold"],
                        crisis_per_10000: float = DEFAULTS["crisis_per_10000"],
                        auc: float = DEFAULTS["auc"]) -> TwoHillsExplorer:
    """Lesson 00's two-hills explorer, set up for the chatbot: the crisis score of 10,000 conversations.

    Each hill is drawn the same size (15 in 10,000 would be a flat line); the counts are people.
    """
    controls = [
        ("threshold", NumberSlider(
            "Crisis-detection threshold (score)", threshold, -1.0, 4.0, 0.05,
            help="Conversations scoring at or above this are handed to a counsellor. Illustrative scale.")),
        ("crisis_per_10000", NumberSlider(
            "People in crisis per 10,000 conversations", crisis_per_10000, 0.0, 200.0, 1.0,
            help="15 is derived from OpenAI's reported 0.15%; other values are illustrative.")),
        ("auc", NumberSlider(
            "Detection quality (AUC)", auc, 0.5, 0.99, 0.01,
            help="0.5 is a coin toss, 0.99 nearly perfect. Illustrative: no published value for this task.")),
    ]
    return TwoHillsExplorer(
        controls, crisis_score_split,
        title="The chatbot's crisis score: two hills and a threshold",
        figure_title="Crisis-detection scores of 10,000 conversations (each hill drawn the same size)",
        intro="The hill of people in crisis is the one that needs help. Move the threshold and watch which "
              "part of each hill is handed to a counsellor.",
        x_range=(-4.0, 7.0), scale="share", screened="people writing to the chatbot (one conversation each)")

def sources():
    """The lesson's sources list and illustrative numbers, as notebook markdown."""
    return sources_cell(SOURCE_KEYS, ILLUSTRATIVE)


__all__ = [
    "DEFAULTS", "PER", "CRISIS_PRESETS", "CrisisPreset", "CrisisHandoffExplorer", "CrisisPresetPicker",
    "CrisisScoreExplorer", "crisis_score_split", "UrgencyTriageExplorer", "urgency_confusion",
    "describe_response_times", "arrival_profile_figure",
    "describe_arrival_profile", "default_urgency_summary", "predict_missed", "predict_lower_threshold",
    "q_missed", "q_handoff_ppv", "q_ceiling", "q_undertriage", "q_miner",
    "QUESTIONS", "summary", "SOURCE_KEYS", "ILLUSTRATIVE", "sources",
    "meet_ben",
]
