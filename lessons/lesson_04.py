"""Lesson 04, increased reliance on AI: the explorer and self-checks of notebooks/04_reliance_on_ai.ipynb.

Thin bindings to :mod:`lessons.engine.team`. The default scenario (all numbers either
sourced or labelled illustrative in the notebook):

* clinician: unaided GP recognition of depression, sensitivity 0.501, specificity 0.813 (Mitchell 2009);
* AI: PHQ-9 score 10 or more, sensitivity 0.88, specificity 0.85 (Levis 2019);
* prevalence 10%, the top of the 5-10% primary-care range (Thombs 2014, the DEPRESSD group's protocol);
* trust 0.5: the clinician goes along with the AI in half of their disagreements (illustrative).
"""

from __future__ import annotations

import ipywidgets as widgets

from .engine.describe import people
from .engine.team import (
    PER,
    TeamResult,
    TeamSetting,
    TrustSweep,
    describe_fit,
    describe_flips,
    describe_right_wrong,
    describe_sweep,
    describe_team,
    fit_reliance,
    right_wrong_team,
    setting_from_presets,
    team_outcomes,
    trust_sweep,
)
from .ui.controls import AI_SENSITIVITY, PREVALENCE, SENSITIVITY, SPECIFICITY, NumberSlider, live_region
from .ui.explorers import Explorer, PresetPicker
from .ui.figures import bar_traces, base_layout, make_figure, update_traces
from .ui.offline import Displayable
from .ui.palette import OKABE_ITO
from .ui.quiz import Choice, Numeric, Prediction
from .ui.sources_cell import sources_cell

DEFAULT_TRUST = 0.5
"""Illustrative: the clinician goes along with the AI in half of their disagreements."""

CLINICIAN_PRESETS = ("gp_unaided", "clinician_high_risk")
AI_PRESETS = ("phq9_primary_care", "phq2_then_phq9", "suicide_ehr_top5", "vendor_after_shift")

GODDARD_2014 = dict(accuracy_before=0.504, accuracy_after=0.583, right_to_wrong=0.052)
"""Goddard et al. 2014: GPs' accuracy before and after decision support, and the share of all
decisions switched from right to wrong."""

PARTY_STYLE = {
    # party: (label, colour, dash, marker symbol)
    "clinician": ("Clinician alone", OKABE_ITO["blue"], "dash", "square"),
    "ai": ("AI alone", OKABE_ITO["bluish_green"], "dot", "triangle-up"),
    "team": ("Clinician with the AI", OKABE_ITO["vermillion"], "solid", "circle"),
}


def default_setting(population: int = PER) -> TeamSetting:
    """The lesson's default: unaided GP + PHQ-9 tool, prevalence 10%, trust 0.5 (illustrative)."""
    return setting_from_presets("gp_unaided", "phq9_primary_care", trust=DEFAULT_TRUST, population=population)


def summary() -> str:
    """The lesson's checked summary: the reading of Goddard et al. (2014) through the right/wrong model
    (the default team's numbers are the explorer's text twin, said once there)."""
    return describe_fit(goddard_fit())


def goddard_fit():
    """The right/wrong model solved for Goddard 2014's before/after numbers (derived, not reported)."""
    return fit_reliance(**GODDARD_2014)


# -- figures ---------------------------------------------------------------------------------

def _fmt(x: float) -> str:
    return f"{x:.2f}"


def error_traces(result: TeamResult, sweep: TrustSweep) -> list[dict]:
    """Traces of the errors figure: missed (left panel) and false alarms (right), per 1,000.

    Order: for each panel, clinician (flat), AI (flat), team (line over trust), current trust mark.
    """
    f = result.per_1000_factor
    trust = result.setting.accept_ai_clear
    traces = []
    for panel, (kind, team_y) in enumerate((("missed", sweep.missed), ("false_alarms", sweep.false_alarms))):
        axes = dict(xaxis="x", yaxis="y") if panel == 0 else dict(xaxis="x2", yaxis="y2")
        what = "missed" if kind == "missed" else "false alarms"
        for party in ("clinician", "ai"):
            label, colour, dash, symbol = PARTY_STYLE[party]
            value = getattr(result, party).missed if kind == "missed" else getattr(result, party).false_alarms
            traces.append(dict(
                x=[0.0, 1.0], y=[value * f] * 2, mode="lines+markers", name=label, legendgroup=party,
                showlegend=panel == 0, line=dict(color=colour, dash=dash, width=3),
                marker=dict(symbol=symbol, size=9, color=colour),
                hovertemplate=f"{label}: %{{y:.1f}} {what} per 1,000<extra></extra>", **axes))
        label, colour, dash, _ = PARTY_STYLE["team"]
        traces.append(dict(
            x=sweep.trust.tolist(), y=team_y.tolist(), mode="lines", name=label, legendgroup="team",
            showlegend=panel == 0, line=dict(color=colour, dash=dash, width=4),
            hovertemplate=f"trust %{{x:.2f}}: %{{y:.1f}} {what} per 1,000<extra>{label}</extra>", **axes))
        here = result.team.missed if kind == "missed" else result.team.false_alarms
        traces.append(dict(
            x=[trust], y=[here * f], mode="markers+text", name=f"Current trust {_fmt(trust)}",
            legendgroup="current", showlegend=panel == 0, text=[f"{here * f:.0f}"], textposition="top center",
            marker=dict(symbol="diamond", size=15, color=OKABE_ITO["black"],
                        line=dict(width=2, color=OKABE_ITO["yellow"])),
            hovertemplate=f"current trust %{{x:.2f}}: %{{y:.1f}} {what} per 1,000<extra></extra>", **axes))
    return traces


def errors_figure(result: TeamResult, sweep: TrustSweep, widget: bool = False):
    """Two panels against trust: missed per 1,000 (left) and false alarms per 1,000 (right)."""
    layout = base_layout(
        "Errors per 1,000 people as the clinician trusts the AI more",
        "Trust (share of disagreements where the clinician follows the AI)", "Missed per 1,000",
        height=460,
        xaxis=dict(domain=[0.0, 0.45], range=[-0.03, 1.03]),
        yaxis=dict(rangemode="tozero"),
        xaxis2=dict(domain=[0.55, 1.0], range=[-0.03, 1.03], anchor="y2",
                    title=dict(text="Trust (same scale)")),
        yaxis2=dict(rangemode="tozero", anchor="x2", title=dict(text="False alarms per 1,000")),
        margin=dict(l=70, r=30, t=120, b=60),
    )
    return make_figure(error_traces(result, sweep), layout, widget)


def flip_traces(result: TeamResult, sweep: TrustSweep) -> list[dict]:
    """Traces of the flips figure: right -> wrong and wrong -> right per 1,000 over trust, and the current mark."""
    trust = result.setting.accept_ai_clear
    rw, wr = result.right_to_wrong_per_1000, result.wrong_to_right_per_1000
    return [
        dict(x=sweep.trust.tolist(), y=sweep.right_to_wrong.tolist(), mode="lines",
             name="Right to wrong (followed a wrong AI call)",
             line=dict(color=OKABE_ITO["vermillion"], dash="solid", width=4),
             hovertemplate="trust %{x:.2f}: %{y:.1f} right to wrong per 1,000<extra></extra>"),
        dict(x=sweep.trust.tolist(), y=sweep.wrong_to_right.tolist(), mode="lines",
             name="Wrong to right (followed a right AI call)",
             line=dict(color=OKABE_ITO["bluish_green"], dash="dash", width=4),
             hovertemplate="trust %{x:.2f}: %{y:.1f} wrong to right per 1,000<extra></extra>"),
        dict(x=[trust, trust], y=[rw, wr], mode="markers+text", name=f"Current trust {_fmt(trust)}",
             text=[f"{rw:.0f} right to wrong", f"{wr:.0f} wrong to right"], textposition="middle left",
             marker=dict(symbol=["x", "diamond"], size=15, color=OKABE_ITO["black"],
                         line=dict(width=2, color=OKABE_ITO["yellow"])),
             hovertemplate="current trust %{x:.2f}: %{y:.1f} per 1,000<extra></extra>"),
    ]


def flips_figure(result: TeamResult, sweep: TrustSweep, widget: bool = False):
    """Decisions the AI changed per 1,000, against trust."""
    layout = base_layout(
        "Decisions the AI changes, per 1,000",
        "Trust (share of disagreements where the clinician follows the AI)", "Decisions per 1,000",
        height=420, xaxis=dict(range=[-0.03, 1.03]), yaxis=dict(rangemode="tozero"),
    )
    return make_figure(flip_traces(result, sweep), layout, widget)


def describe_disagreements(result: TeamResult) -> str:
    """How many decisions automation bias can touch at all."""
    d = result.disagreements * result.per_1000_factor
    return (f"The clinician and the AI disagree on {people(d)} of every 1,000 people; only these decisions "
            f"can change, whoever is right.")


# -- explorer -----------------------------------------------------------------------------------

# -- meet Amira (the cast: lessons.content.cast) ------------------------------------------------

def meet_amira():
    """Amira, who needs help: flagged by the AI of this lesson's team at its operating point."""
    from .content.cast import CAST
    from .content.presets import PRESETS
    from .engine.paths import path_at_operating_point
    from .ui.people_grid import MeetExplorer

    ai = PRESETS[AI_PRESETS[0]]
    return MeetExplorer(CAST["amira"], {"sensitivity": AI_SENSITIVITY(step=0.01).make(ai.sensitivity)},
        lambda sensitivity: path_at_operating_point(CAST["amira"], sensitivity, ai.specificity),
        setting=f"The AI of this lesson: {ai.label}. Whether a flag helps Amira depends on the clinician "
                "acting on it.")


class TeamExplorer(Explorer):
    """Trust, alert fatigue, shared errors and both parties' accuracy -> errors and flips per 1,000."""

    title = "Clinician, AI, and the clinician who follows the AI"
    basic = ("trust",)  # the rest behind "Show more controls"
    intro = ("Move the trust slider to see how a clinician who goes along with the AI more often changes who is "
             "missed and who gets a false alarm. The flat lines are the clinician alone and the AI alone.")

    def __init__(self, prevalence: float = 0.10, clinician: str = "gp_unaided", ai: str = "phq9_primary_care",
                 trust: float = DEFAULT_TRUST, alert_fatigue: float = 0.0, shared_errors: float = 0.0,
                 points: int = 101):
        super().__init__()
        start = setting_from_presets(clinician, ai, prevalence=prevalence, trust=trust,
                                     alert_fatigue=alert_fatigue, shared_errors=shared_errors)
        self.points = points
        self.add_slider(PREVALENCE(step=0.0001, help="Share of the people screened who truly need help."),
                        start.prevalence)
        self.add_slider(SENSITIVITY(name="clinician_sensitivity", label="Clinician sensitivity",
                                    help="Of the people who need help, the share the clinician flags on their own."),
                        start.clinician_sensitivity)
        self.add_slider(SPECIFICITY(name="clinician_specificity", label="Clinician specificity",
                                    help="Of the people who do not need help, the share the clinician leaves "
                                         "unflagged on their own."),
                        start.clinician_specificity)
        self.add_slider(SENSITIVITY(name="ai_sensitivity", label="AI sensitivity"), start.ai_sensitivity)
        self.add_slider(SPECIFICITY(name="ai_specificity", label="AI specificity"), start.ai_specificity)
        self.add_control("trust", NumberSlider(
            "Trust (automation bias)", trust, 0.0, 1.0, 0.01,
            help="When the clinician and the AI disagree, how often the clinician goes along with the AI. "
                 "0: ignores the AI; 1: always follows it."))
        self.add_control("alert_fatigue", NumberSlider(
            "Alert fatigue (AI flags waved away)", alert_fatigue, 0.0, 1.0, 0.01,
            help="Share of that trust lost for the AI's flags only: 1 means every disagreeing AI flag is "
                 "ignored while its all-clears are still followed."))
        self.add_control("shared_errors", NumberSlider(
            "Shared errors (same people wrong)", shared_errors, 0.0, 1.0, 0.01,
            help="0: the AI's mistakes fall on other people than the clinician's; 1: as much overlap as "
                 "possible (hard cases are hard for both)."))

    def build_figures(self, first) -> list:
        return [errors_figure(*first, widget=True), flips_figure(*first, widget=True)]

    def compute(self, prevalence, clinician_sensitivity, clinician_specificity, ai_sensitivity, ai_specificity,
                trust, alert_fatigue, shared_errors):
        setting = TeamSetting(
            prevalence=prevalence, clinician_sensitivity=clinician_sensitivity,
            clinician_specificity=clinician_specificity, ai_sensitivity=ai_sensitivity,
            ai_specificity=ai_specificity, shared_errors=shared_errors,
        ).with_trust(trust, alert_fatigue)
        return team_outcomes(setting), trust_sweep(setting, alert_fatigue, self.points)

    def draw(self, computed) -> None:
        result, sweep = computed
        for fig, traces in ((self.figures[0], error_traces(result, sweep)),
                            (self.figures[1], flip_traces(result, sweep))):
            update_traces(fig, traces)
        f = result.per_1000_factor
        self.twins[0].value = live_region(
            describe_team(result) + "\n\n" + describe_sweep(sweep, result.clinician, result.ai, f))
        self.twins[1].value = live_region(describe_flips(result) + "\n\n" + describe_disagreements(result))


RIGHT_WRONG_BARS = (
    # label, colour, pattern
    ("Right alone", OKABE_ITO["blue"], ""),
    ("Right with the AI", OKABE_ITO["vermillion"], "/"),
    ("Wrong turned right", OKABE_ITO["bluish_green"], "."),
    ("Right turned wrong", OKABE_ITO["orange"], "x"),
)


def right_wrong_traces(result) -> list[dict]:
    """Four labelled, patterned bars: right alone, right with the AI, and the two directions of change."""
    values = [result.right_alone, result.right_with_ai, result.wrong_to_right, result.right_to_wrong]
    return bar_traces([label for label, _, _ in RIGHT_WRONG_BARS], values,
                      name=f"Out of {result.decisions:,} decisions",
                      colours=[c for _, c, _ in RIGHT_WRONG_BARS], patterns=[p for _, _, p in RIGHT_WRONG_BARS],
                      text=[f"{v:.0f}" for v in values])


class RelianceExplorer(Explorer):
    """Your accuracy, the AI's accuracy and how often you follow it -> right and wrong decisions.

    The right/wrong model of :func:`lessons.engine.team.right_wrong_team` (errors independent; every switch goes
    to the AI's answer). decisions: how many yes/no decisions are counted (1 to 10,000).
    """

    title = "Reliance explorer: you, an AI, and how often you follow it"
    intro = ("Set how often you would be right alone, how often the AI is right, and how often you switch to the "
             "AI's answer when the two of you disagree.")

    def __init__(self, own_accuracy: float = 0.85, ai_accuracy: float = 0.90, trust: float = 0.9,
                 decisions: int = 100):
        super().__init__()
        from .checks import check_int

        self.decisions = check_int("decisions", decisions, low=1, high=10_000)
        self.title = f"{self.title} ({self.decisions:,} decisions)"
        self.add_control("own_accuracy", NumberSlider(
            "Your accuracy alone", own_accuracy, 0.0, 1.0, 0.001,
            help="The share of decisions you would get right without the AI."))
        self.add_control("ai_accuracy", NumberSlider(
            "The AI's accuracy", ai_accuracy, 0.0, 1.0, 0.001,
            help="The share of decisions the AI gets right (its mistakes are independent of yours)."))
        self.add_control("trust", NumberSlider(
            "How often you follow the AI when you disagree", trust, 0.0, 1.0, 0.001,
            help="0: you never switch to the AI's answer; 1: you always do."))

    def build_figures(self, first) -> list:
        layout = base_layout(f"Out of {self.decisions:,} decisions", "", "decisions", height=360)
        layout["yaxis"] = dict(layout.get("yaxis", {}), range=[0, 1.15 * self.decisions])
        layout["showlegend"] = False
        return [make_figure(right_wrong_traces(first), layout, widget=True)]

    def compute(self, own_accuracy, ai_accuracy, trust):
        return right_wrong_team(own_accuracy, ai_accuracy, trust, decisions=self.decisions)

    def draw(self, result) -> None:
        update_traces(self.figure, right_wrong_traces(result), fields=("y", "text"))
        self.text.value = live_region(describe_right_wrong(result))


def goddard_explorer() -> RelianceExplorer:
    """The reliance explorer at the model's fit to Goddard et al. (2014), out of 1,000 decisions.

    The fitted advice accuracy and trust are put on the sliders (rounded to their 0.001 step).
    """
    fit = goddard_fit()
    return RelianceExplorer(own_accuracy=GODDARD_2014["accuracy_before"], ai_accuracy=round(fit.ai_accuracy, 3),
                            trust=round(fit.trust, 3), decisions=1000)


class TeamPresetPicker(Displayable):
    """Two drop-downs: a sourced clinician operating point and a sourced AI operating point.

    The AI preset also sets the prevalence it was measured at; the clinician preset keeps the
    prevalence (its sensitivity and specificity are assumed to carry over).
    """

    def __init__(self, explorer: TeamExplorer, clinician_keys=CLINICIAN_PRESETS, ai_keys=AI_PRESETS):
        self.explorer = explorer
        self.note = widgets.HTML()
        self.clinician_picker = PresetPicker(
            explorer, clinician_keys, label="Clinician preset", placeholder="(choose)", note=self.note,
            note_prefix="Clinician: ",
            settings=lambda p: {"clinician_sensitivity": p.sensitivity, "clinician_specificity": p.specificity})
        self.ai_picker = PresetPicker(
            explorer, ai_keys, label="AI preset", placeholder="(choose)", note=self.note, note_prefix="AI: ",
            settings=lambda p: {"prevalence": p.prevalence, "ai_sensitivity": p.sensitivity,
                                "ai_specificity": p.specificity})
        self.clinician, self.ai = self.clinician_picker.dropdown, self.ai_picker.dropdown

    @property
    def widget(self):
        return widgets.VBox([self.clinician, self.ai, self.note])

    def static_html(self) -> str:
        return self.clinician_picker.static_html() + self.ai_picker.static_html()


# -- predict first and self-checks ---------------------------------------------------------------

_default = team_outcomes(default_setting())

predict_team_missed = Prediction(
    "1,000 patients see a GP; 100 of them have depression. Working alone the GP misses about half of those 100. "
    "Now the GP also sees a PHQ-9 result and goes along with it in half of their disagreements. "
    "How many of the 100 will the GP and the tool together miss?",
    truth=round(_default.team.missed),
    unit=" people", low=0.0, high=100.0, step=1.0,
    explain=(f"The tool alone misses {people(_default.ai.missed)}; going along with it half the time puts the team "
             f"between the GP and the tool. The same habit also adds "
             f"{people(_default.flips_per_1000.new_false_alarms)} new false alarms per 1,000: see the second figure."),
)

q_full_trust = Choice(
    "Trust is set to 1 and alert fatigue to 0: the clinician always follows the AI when they disagree. "
    "Whose errors does the team make?",
    ["The clinician's alone", "The AI's alone", "Fewer than either of them", "Halfway between the two"],
    "The AI's alone",
    "When every disagreement goes the AI's way, the team's call is always the AI's call, so it has exactly "
    "the AI's missed people and false alarms. The clinician adds nothing.",
    hints={
        "The clinician's alone": "That is trust 0. At trust 1 who wins every disagreement?",
        "Fewer than either of them": "Following one party every time cannot beat that party: the calls are the same.",
        "Halfway between the two": "Halfway is what trust 0.5 gives. Look at the right-hand end of the lines.",
    },
)

_flip_setting = default_setting()
_flip_result = team_outcomes(_flip_setting)

q_right_to_wrong = Numeric(
    "Default scenario (GP alone: sensitivity 50.1%, specificity 81.3%; PHQ-9 tool: 88% and 85%; 10% need help; "
    "trust 0.5). Per 1,000 patients, how many decisions flip from right to wrong because the GP followed a "
    "wrong call of the tool?",
    answer=round(_flip_result.right_to_wrong_per_1000, 1),
    tolerance=1.5,
    unit="per 1,000",
    explanation=(f"About {_flip_result.right_to_wrong_per_1000:.0f}: {people(_flip_result.flips_per_1000.new_missed)} "
                 f"people in need whom the GP would have flagged are cleared, and "
                 f"{people(_flip_result.flips_per_1000.new_false_alarms)} people the GP would have cleared are "
                 "flagged. Most of the harm here is false alarms, because 900 of the 1,000 do not need help."),
    hint=("Right to wrong needs three things: the GP right, the tool wrong, the GP going along (0.5). "
          "Do it for the 100 who need help (GP flags, tool does not) and for the 900 who do not "
          "(GP clears, tool flags), then add."),
)

q_reassurance_only = Choice(
    "A GP follows the tool's all-clears (\"no depression\") whenever they disagree, but ignores every flag it "
    "raises that they disagree with (full alert fatigue). Compared with the GP alone, the team...",
    ["misses more people who need help", "misses fewer people who need help", "misses exactly as many"],
    "misses more people who need help",
    "Accepting only reassurance can only turn the GP's correct flags into misses; the tool's extra flags, which "
    "would have caught people the GP missed, are all waved away. Sensitivity can only fall.",
    hints={
        "misses fewer people who need help": "The tool catches people by flagging them. Are any of its flags "
                                             "followed here?",
        "misses exactly as many": "Some people the GP flagged are cleared by the tool. What happens to them?",
    },
)

q_goddard_meaning = Choice(
    "A GP practice adopts decision support. Accuracy rises from 50.4% to 58.3%, and 5.2% of decisions go "
    "from right to wrong (Goddard et al., 2014). What does the 5.2% count?",
    [
        "Cases in which the tool's advice was wrong",
        "Right calls the GP changed to follow wrong advice",
        "GPs who refused to use the decision support at all",
        "The net gain in accuracy from using the tool",
    ],
    "Right calls the GP changed to follow wrong advice",
    "That is automation bias measured directly: a right answer given up for wrong advice. The net gain "
    "(7.9 points) hides these harms because more decisions went the other way.",
    hints={
        "Cases in which the tool's advice was wrong":
            "Wrong advice only counts here if the GP had been right before it.",
        "GPs who refused to use the decision support at all":
            "The 5.2% counts decisions, not doctors.",
        "The net gain in accuracy from using the tool":
            "The net gain is 58.3% - 50.4% = 7.9 points. The 5.2% is one direction of change only.",
    },
)

q_alert_fatigue = Choice(
    "Van der Sijs et al. (2006) found drug-safety alerts overridden in 49-96% of cases. A hospital sees "
    "the same with a new suicide-risk flag. In this lesson's terms, what is that?",
    [
        "Automation bias: clinicians trust the flag too much",
        "Alert fatigue: flags waved away, right ones too",
        "Shared errors: clinician and flag fail together",
    ],
    "Alert fatigue: flags waved away, right ones too",
    "Too many alerts teach people to ignore them: the opposite failure to automation bias. In the "
    "explorer it is a high alert-fatigue setting, and it throws away the misses the AI would have caught.",
    hints={
        "Automation bias: clinicians trust the flag too much":
            "Overriding an alert means not following the system. Which way is that?",
        "Shared errors: clinician and flag fail together":
            "Shared errors are about who is wrong, not about ignoring alerts.",
    },
)

QUESTIONS = (q_full_trust, q_right_to_wrong, q_reassurance_only, q_goddard_meaning, q_alert_fatigue)


# -- leaning on a chatbot instead of care (the article's own worry) ------------------------------

from .engine.reliance import (  # noqa: E402  (kept with the section it serves)
    RelianceResult,
    RelianceSetting,
    SwapSweep,
    describe_reliance,
    describe_risk_curve,
    reliance_outcomes,
    risk_curve,
    swap_sweep,
)


def swap_traces(result: RelianceResult, sweep: SwapSweep) -> list[dict]:
    """Traces of the swap figure: nobody swaps (flat), crises over the share who swap, the current setting."""
    share = result.setting.swap_share
    return [
        dict(x=[0.0, 1.0], y=[sweep.crises_if_none_swap] * 2, mode="lines+markers",
             name="Everyone in need seeks care at once",
             line=dict(color=OKABE_ITO["blue"], dash="dash", width=3),
             marker=dict(symbol="square", size=9, color=OKABE_ITO["blue"]),
             hovertemplate="nobody swaps: %{y:.1f} crises<extra></extra>"),
        dict(x=sweep.swap_share.tolist(), y=sweep.crises.tolist(), mode="lines",
             name="Some use the chatbot instead (delay as set)",
             line=dict(color=OKABE_ITO["vermillion"], dash="solid", width=4),
             hovertemplate="share who swap %{x:.2f}: %{y:.1f} crises<extra></extra>"),
        dict(x=[share], y=[result.crises], mode="markers+text", name=f"Current share {share:.2f}",
             text=[f"{result.crises:.0f}"], textposition="top center",
             marker=dict(symbol="diamond", size=15, color=OKABE_ITO["black"],
                         line=dict(width=2, color=OKABE_ITO["yellow"])),
             hovertemplate="current share %{x:.2f}: %{y:.1f} crises<extra></extra>"),
    ]


def swap_figure(result: RelianceResult, sweep: SwapSweep, widget: bool = False):
    """Expected crises while untreated among the users who need care, against the share who swap."""
    layout = base_layout(
        f"Crises while untreated, per {result.setting.users:,} chatbot users",
        "Share of those in need who use the chatbot instead of seeking care", "Expected crises",
        height=420, xaxis=dict(range=[-0.03, 1.03]), yaxis=dict(rangemode="tozero"),
    )
    return make_figure(swap_traces(result, sweep), layout, widget)


def _curve_weeks(setting: RelianceSetting) -> list[float]:
    end = max(52.0, setting.wait_weeks + setting.delay_weeks)
    return [end * i / 200 for i in range(201)]


def risk_traces(result: RelianceResult) -> list[dict]:
    """Traces of the risk-over-time figure: the curve, then the two people's points (at once, delayed)."""
    s = result.setting
    weeks = _curve_weeks(s)
    late = s.wait_weeks + s.delay_weeks
    return [
        dict(x=weeks, y=(100 * risk_curve(weeks, s.weekly_hazard)).tolist(), mode="lines",
             name="Chance of a crisis by then", line=dict(color=OKABE_ITO["black"], dash="dot", width=3),
             hovertemplate="%{x:.0f} weeks untreated: %{y:.1f}%<extra></extra>"),
        dict(x=[s.wait_weeks], y=[100 * result.risk_on_time], mode="markers+text",
             name="Seeks care at once", text=[f"{100 * result.risk_on_time:.1f}%"], textposition="top left",
             marker=dict(symbol="square", size=14, color=OKABE_ITO["blue"]),
             hovertemplate="seen after %{x:.0f} weeks: %{y:.1f}%<extra></extra>"),
        dict(x=[late], y=[100 * result.risk_delayed], mode="markers+text",
             name="Uses the chatbot instead first", text=[f"{100 * result.risk_delayed:.1f}%"],
             textposition="top left",
             marker=dict(symbol="triangle-up", size=15, color=OKABE_ITO["vermillion"]),
             hovertemplate="seen after %{x:.0f} weeks: %{y:.1f}%<extra></extra>"),
    ]


def risk_figure(result: RelianceResult, widget: bool = False):
    """One person's chance of a crisis before being seen, against weeks untreated."""
    layout = base_layout(
        "One person in need: chance of a crisis before being seen", "Weeks untreated",
        "Chance of a crisis (%)", height=400, yaxis=dict(rangemode="tozero"),
    )
    return make_figure(risk_traces(result), layout, widget)


class CareDelayExplorer(Explorer):
    """Share in need, share who swap care for the chatbot, signposting, delay, wait and weekly risk."""

    title = "Using a chatbot instead of care"
    basic = ("swap_share", "delay_weeks")  # the rest behind "Show more controls"
    intro = ("Illustrative: 10,000 chatbot users. Move the sliders to see what happens to the people who need "
             "care when some of them talk to the chatbot instead of seeking help.")

    def __init__(self, setting: RelianceSetting = RelianceSetting(), points: int = 101):  # noqa: B008 (frozen, immutable)
        super().__init__()
        if not isinstance(setting, RelianceSetting):
            raise ValueError(f"setting must be a RelianceSetting; got {type(setting).__name__}")
        self.setting, self.points = setting, points
        self.add_control("need_share", NumberSlider(
            "Share of users who need care", setting.need_share, 0.0, 1.0, 0.01,
            help="Of the chatbot's users, the share who need care from a person (illustrative)."))
        self.add_control("swap_share", NumberSlider(
            "Share of those in need who use the chatbot instead", setting.swap_share, 0.0, 1.0, 0.01,
            help="Of the users who need care, the share who talk to the chatbot instead of seeking help."))
        self.add_control("signposted", NumberSlider(
            "Share the chatbot points back to care", setting.signposted, 0.0, 1.0, 0.01,
            help="Of those who use the chatbot instead, the share it recognises and points to care at once."))
        self.add_control("delay_weeks", NumberSlider(
            "Delay before seeking help (weeks)", setting.delay_weeks, 0.0, 104.0, 1.0,
            help="Extra weeks before a person who used the chatbot instead seeks help."))
        self.add_control("wait_weeks", NumberSlider(
            "Wait to be seen (weeks)", round(setting.wait_weeks, 2), 0.0, 104.0, 1.0,
            help="Weeks from seeking care to being seen (6: the NHS Talking Therapies standard)."))
        self.add_control("weekly_hazard", NumberSlider(
            "Crisis risk per week untreated", setting.weekly_hazard, 0.0, 0.05, 0.001,
            help="Chance per week that a person who needs care and is not yet seen has a crisis "
                 "(illustrative)."))

    def build_figures(self, first) -> list:
        return [swap_figure(*first, widget=True), risk_figure(first[0], widget=True)]

    def compute(self, need_share, swap_share, signposted, delay_weeks, wait_weeks, weekly_hazard):
        setting = self.setting.with_(need_share=need_share, swap_share=swap_share, signposted=signposted,
                                     delay_weeks=delay_weeks, wait_weeks=wait_weeks, weekly_hazard=weekly_hazard)
        return reliance_outcomes(setting), swap_sweep(setting, self.points)

    def draw(self, computed) -> None:
        result, sweep = computed
        update_traces(self.figures[0], swap_traces(result, sweep))
        update_traces(self.figures[1], risk_traces(result))
        self.twins[0].value = live_region(describe_reliance(result))
        self.twins[1].value = live_region(describe_risk_curve(result))


q_reliance_no_swap = Choice(
    "In the chatbot explorer, set the share who use the chatbot instead to 0. Then move the delay from 12 to "
    "52 weeks. What happens to the extra crises?",
    ["They rise about fourfold", "They stay at zero", "They rise a little", "They fall to zero"],
    "They stay at zero",
    "The delay only touches people who use the chatbot instead of care. With nobody swapping, nobody is "
    "delayed, so a longer delay changes nothing: the two lines meet at the left edge of the figure.",
    hints={
        "They rise about fourfold": "Who waits the extra weeks? Count them at a share of 0.",
        "They rise a little": "Who waits the extra weeks? Count them at a share of 0.",
        "They fall to zero": "Were there any extra crises to begin with at a share of 0?",
    },
)

q_dependence_study = Choice(
    "In a 4-week trial of 981 chatbot users, those who chose to use it more each day reported more loneliness "
    "and dependence (Fang et al., 2025, a preprint). What can you conclude?",
    [
        "Heavy chatbot use causes loneliness",
        "The link may run either way, or share a cause",
        "Chatbots reduce loneliness on average",
        "Voice chatbots cause more dependence",
    ],
    "The link may run either way, or share a cause",
    "The trial randomised chatbot styles, not how much people used it: usage was each person's choice. So the "
    "finding is an association within the groups. Lonely people may use a chatbot more, heavy use may add to "
    "loneliness, or something else may drive both; and a preprint has not yet been peer reviewed.",
    hints={
        "Heavy chatbot use causes loneliness": "Who decided how much each person used the chatbot: the "
                                               "researchers or the users?",
        "Chatbots reduce loneliness on average": "The finding is about heavier against lighter users, not "
                                                 "about users against non-users.",
        "Voice chatbots cause more dependence": "The styles the trial assigned made no clear difference; the "
                                                "link was with how much people chose to use it.",
    },
)

RELIANCE_QUESTIONS = (q_reliance_no_swap, q_dependence_study)
"""Self-checks of the chatbot-reliance section."""


# -- the lesson's contract: the same names in every lesson (tests/test_contracts.py) ----------------

QUESTIONS = QUESTIONS + RELIANCE_QUESTIONS  # the self-checks of the optional chatbot-reliance section come last

SOURCE_KEYS = ("article", "goddard2012", "goddard2014", "vandersijs2006", "mitchell2009", "levis2019",
               "thombs2014", "negeri2021", "large2016", "simon2018", "levis2020", "wong2021", "fang2025",
               "nhs_tt_standard", "okabe_ito2008")
"""Every source the lesson's text, presets and figures rely on, in the order listed."""

ILLUSTRATIVE = (
    "1,000 patients",
    "trust 0.5: the clinician goes along with the AI in half of their disagreements",
    "the alert-fatigue and shared-errors dials",
    "the example guesses in the reflection",
)
"""The lesson's illustrative numbers (chosen for teaching, not taken from a study). The Goddard 2014 advice
accuracy and trust are derived by the kit."""


def sources():
    """The lesson's sources list and illustrative numbers, as notebook markdown."""
    return sources_cell(SOURCE_KEYS, ILLUSTRATIVE)


__all__ = [
    "DEFAULT_TRUST", "CLINICIAN_PRESETS", "AI_PRESETS", "default_setting", "goddard_fit", "TeamExplorer",
    "TeamPresetPicker", "right_wrong_team", "describe_right_wrong", "predict_team_missed", "q_full_trust",
    "q_right_to_wrong", "q_reassurance_only", "q_goddard_meaning", "q_alert_fatigue",
    "QUESTIONS", "summary", "SOURCE_KEYS", "ILLUSTRATIVE", "sources",
    "meet_amira", "RelianceExplorer", "goddard_explorer", "fit_reliance", "CareDelayExplorer", "q_reliance_no_swap",
    "q_dependence_study",
]
