"""Every public engine function refuses bad input with a ValueError that names the parameter.

The walk is found by introspection: every public function, every public class constructor and
every classmethod / staticmethod defined in ``lessons.engine.*`` and ``lessons.checks``. A new
function is walked the day it is added: it needs a valid call in ``SAMPLES`` (by parameter name)
or the walk fails, asking for one.

Each parameter gets, in turn, with every other argument valid:

* a number (int or float): NaN, +inf, -inf, the text "1", a list [1], and None unless it may be None;
* an engine object (a Scenario, a DriftPlan, ...): the text "x", the number 1.5, None unless optional;
* an array of numbers: an array holding NaN, the text "x", None;
* a text (a name, a choice): the number 1.5 and None unless optional.

The call must raise ValueError, and the message must name the parameter. Parameters that take
anything by design are in ``ANY_VALUE``; result records that only the engine builds (from inputs
it has already checked) are in ``RECORDS``. Both lists are short and say why.

Classes built on :class:`lessons.checks.Checked` (engine and content) are walked field by field
instead, from the rules their fields declare: each checked field in turn gets NaN, both infinities,
None (unless optional), a wrong type and a value just outside the range its check allows.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import pickle
import pkgutil

import numpy as np
import pytest

import lessons.checks
import lessons.content
import lessons.engine
from lessons.checks import (
    Checked,
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_probability,
    check_real,
    check_text,
    rules,
)
from lessons.engine import (
    audit,
    capacity,
    chatbot,
    consequences,
    drift,
    faults,
    metrics,
    monitoring,
    multilevel,
    reliance,
    scenario,
    scores,
    studies,
    subgroups,
    team,
)

MODULES = [importlib.import_module(f"lessons.engine.{m.name}") for m in pkgutil.iter_modules(lessons.engine.__path__)]
MODULES.append(lessons.checks)


def public_callables():
    """(label, callable) for every public function, class constructor and class/static method."""
    found = []
    for module in MODULES:
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            short = module.__name__.rsplit(".", 1)[-1]
            if inspect.isfunction(obj):
                found.append((f"{short}.{name}", obj))
            elif inspect.isclass(obj):
                found.append((f"{short}.{name}", obj))
                for member, raw in vars(obj).items():
                    if not member.startswith("_") and isinstance(raw, (classmethod, staticmethod)):
                        found.append((f"{short}.{name}.{member}", getattr(obj, member)))
    return found


# -- valid calls ------------------------------------------------------------------------------------

def _cohort():
    return monitoring.simulate_cohort(50, 20, 1)


def _cohort_scores():
    return monitoring.score_cohort(_cohort(), 0.1, 2.0)


def _timeline():
    return drift.simulate_timeline(drift.DriftPlan(months=3), 1.0, 50, 1)


def _support_outcome():
    return chatbot.ChatbotWeek(200, 1).outcome(1.0, 0.01, 0.9, 5)


def _monitoring_result():
    return monitoring.run_monitoring(_cohort())


def _scorecard():
    return audit.deployment_scorecard(drift.DriftPlan(months=3), 1.0, audit.ReviewPolicy(audit_sample=10), 100)


def _team_result():
    return team.team_outcomes(team.TeamSetting())


def _route():
    return capacity.run_route(capacity.Clinic(weeks=4), "ai_first")


def _report():
    return subgroups.compare_groups(subgroups.two_groups(), 1.0)


SAMPLES = {
    # numbers
    "prevalence": 0.1, "sensitivity": 0.8, "specificity": 0.8, "threshold": 1.0, "population": 1000,
    "seed": 1, "accuracy": 0.8, "study_size": 50, "studies": 5, "auc": 0.8, "separation": 1.5, "share": 0.5,
    "months": 3, "people_per_month": 100, "sample_size": 10, "miss_rate": 0.1, "limit": 0.2, "n": 5, "p": 0.3,
    "probability": 0.3, "x": 0.5, "trust": 0.5, "own_accuracy": 0.7, "ai_accuracy": 0.8,
    "accuracy_before": 0.7, "accuracy_after": 0.75, "right_to_wrong": 0.05, "weekly_hazard": 0.01,
    "weeks_waiting": 2.0, "people_waiting": 10.0, "slots_per_week": 5, "weeks": 4, "marks": 10,
    "hours": 2.0, "capacity_per_hour": 5.0, "chance": 0.3, "window": 1, "noise": 2.0,
    "reviews_per_clinician": 10, "clinicians": 2, "validated_sensitivity": 0.8, "factor": 1.0,
    "s_c": 0.5, "s_a": 0.8, "p_c": 0.8, "p_a": 0.8, "accept_ai_flag": 0.5, "accept_ai_clear": 0.5,
    "clinician_right": 0.7, "ai_right": 0.8, "n_levels": 4, "value": 0.5, "in_need": 5,
    # arrays
    "arrivals_per_week": [5.0, 5.0], "need_per_week": [2.0, 2.0], "no_need_per_week": [1.0, 1.0],
    "arrival_week": np.array([0, 0, 1]), "needs_help": np.array([True, False, True]),
    "flagged": np.array([True, True, False]), "scores": np.array([1.0, 0.0, 2.0]),
    "u": np.array([0.1, 0.5]), "v": np.array([0.2, 0.9]), "alerts": np.array([3, 5]),
    "arrival_hours": np.array([0.5, 1.0, 2.0]), "waits": np.array([0.0, 1.0]), "thresholds": np.array([0.0, 1.0]),
    "level_sizes": np.array([10.0, 5.0, 3.0, 1.0]), "values": np.array([0.2, 0.5]),
    "true_levels": np.array([0, 1]), "assigned_levels": np.array([1, 1]),
    "z_separation": np.zeros(3), "z_prevalence": np.zeros(3), "true_scores": np.zeros((2, 20)),
    "reported": np.zeros((2, 20)),
    # engine objects
    "scenario": scenario.Scenario(), "counts": metrics.Counts(8, 2, 10, 80), "plan": drift.DriftPlan(months=3),
    "policy": audit.ReviewPolicy(audit_sample=10), "chart": audit.PChart(0.12), "model": scenario.ScoreModel(),
    "setting": team.TeamSetting(), "deployment": faults.Deployment(), "site": faults.Deployment(),
    "training": faults.Deployment(), "validated": None, "group": subgroups.Group("A", 1.0, 0.1),
    "groups": subgroups.two_groups(), "design": studies.StudyDesign(studies=5), "clinic": capacity.Clinic(weeks=4),
    "params": consequences.ConsequenceParams(), "cohort": None, "timeline": None, "outcome": None,
    "result": None, "card": None, "sample": None, "confusion": None, "load": None, "record": None,
    "report": None, "rate": metrics.Rate("x", 1, 2), "outcomes": None, "comparison": None, "sweep": None,
    "fit": None, "steps": None, "rows": None,
    # texts
    "name": "A", "component": "audits", "mode": "expected", "route": "ai_first", "measure": "sensitivity",
    "text": "about 4", "label": "x", "levels": multilevel.OrdinalScoreModel.evenly_spaced().levels,
}

def _person():
    from lessons.content.cast import CAST
    return next(iter(CAST.values()))


# per-callable arguments where the name alone is not enough (a result of the right kind)
LAZY = {
    "timeline": _timeline, "cohort": _cohort, "outcome": _support_outcome, "card": _scorecard,
    "sample": lambda: studies.simulate_studies(studies.StudyDesign(studies=5)),
    "confusion": lambda: multilevel.OrdinalScoreModel.evenly_spaced().expected_confusion([10, 5, 3, 1]),
    "load": lambda: monitoring.review_load([3, 5], 2, 10), "record": None, "report": _report,
    "outcomes": lambda: _report().outcomes, "comparison": lambda: capacity.compare_routes(capacity.Clinic(weeks=4)),
    "sweep": lambda: team.trust_sweep(team.TeamSetting(), points=3),
    "fit": lambda: team.fit_reliance(0.7, 0.75, 0.05), "rows": lambda: monitoring.threshold_sweep(_cohort(), [3, 5]),
    "steps": lambda: faults.fault_ladder(faults.Deployment(), faults.Deployment()),
    "validated": lambda: faults.evaluate(faults.Deployment()),
}
OVERRIDES = {
    "audit.describe_chart": {"result": lambda: audit.PChart(0.12).apply(audit.run_audits(_timeline(), 10))},
    "audit.run_audits": {"sample_size": 10},
    "audit.monthly_hours": {"timeline": lambda: drift.expected_timeline(drift.DriftPlan(months=3), 1.0)},
    "capacity.describe_queue": {"result": lambda: _route().queue},
    "capacity.describe_route": {"result": _route},
    "capacity.stability": {"arrivals_per_week": 5.0},
    "paths.person_score": {"person": _person},
    "paths.path_at_threshold": {"person": _person},
    "paths.path_at_operating_point": {"person": _person},
    "paths.path_over_months": {"person": _person, "plan": drift.DriftPlan(months=3), "alarm_month": 2},
    "paths.path_in_monitoring": {"person": _person, "scores": _cohort_scores, "threshold": 5.0},
    "paths.queue_wait": {"arrival_week": 0},
    "paths.describe_mark": {"code": 0, "index": 0},
    "paths.outcome_of": {"needs_help": True, "flagged": False},
    "streams.generators": {"count": 2},
    "faults.input_fault": {"target": "everyone"},
    "reliance.risk_curve": {"weeks": [0.0, 4.0]},
    "reliance.describe_reliance": {"result": lambda: reliance.reliance_outcomes()},
    "reliance.describe_risk_curve": {"result": lambda: reliance.reliance_outcomes()},
    "scores.Hill": {"label": "people who need help", "needs_help": True, "centre": 1.0, "size": 100.0},
    "scores.split_for_month": {"plan": drift.DriftPlan(months=3), "month": 1},
    "scores.describe_split": {"split": lambda: scores.split_for_model(scenario.ScoreModel(), 1.0, 0.1)},
    "scores.describe_splits": {"splits": lambda: [scores.split_for_model(scenario.ScoreModel(), 1.0, 0.1)]},
    "capacity.Stability": {"arrivals_per_week": 5.0},
    "capacity.repeated_pattern_queue": {"arrivals_per_step": [5.0, 3.0], "capacity_per_step": 4.0, "repeats": 2},
    "capacity.queue_simulated": {"needs_help": np.array([True, False, True]), "weeks": 2},
    "chatbot.summary": {"outcome": _support_outcome},
    "consequences.describe_consequences": {"result": lambda: consequences.consequences(metrics.Counts(8, 2, 10, 80))},
    "drift.monthly_counts": {"needs_help": np.array([[True, False]]), "flagged": np.array([[True, True]])},
    "faults.describe_outcomes": {"site": lambda: faults.evaluate(faults.Deployment())},
    "faults.group_sensitivity": {"group": subgroups.Group("A", 1.0, 0.1)},
    "monitoring.describe_detection": {"result": _monitoring_result},
    "monitoring.describe_load": {"result": _monitoring_result},
    "monitoring.describe_roc": {"result": _monitoring_result},
    "monitoring.summary": {"result": _monitoring_result},
    "monitoring.apply_rule": {"scores": _cohort_scores, "threshold": 5.0},
    "monitoring.roc_curve": {"scores": _cohort_scores},
    "monitoring.expected_never_reviewed": {"outcome": lambda: _monitoring_result().outcome,
                                           "load": lambda: _monitoring_result().load},
    "monitoring.describe_rule": {"threshold": 5.0},
    "monitoring.running_max": {"values": np.zeros((2, 5))},
    "multilevel.confusion_from_levels": {"levels": ("a", "b")},
    "population.population_from_counts": {"counts": metrics.Counts(1, 0, 0, 1)},
    "subgroups.describe_report": {"report": _report},
    "subgroups.report_from_counts": {"names": ("A",), "counts_list": [metrics.Counts(1, 1, 1, 1)]},
    "studies.describe_sample": {"sample": LAZY["sample"]},
    "team.describe_team": {"result": _team_result},
    "team.describe_flips": {"result": _team_result},
    "team.describe_sweep": {"clinician": metrics.Counts(5, 5, 10, 80), "ai": metrics.Counts(8, 2, 10, 80)},
    "team.describe_right_wrong": {"result": lambda: team.right_wrong_team(0.7, 0.8, 0.5)},
    "chatbot.first_contact_times": {"capacity_per_hour": 5.0},
    "checks.check_probability": {"name": "p"}, "checks.check_real": {"name": "x"}, "checks.check_int": {"name": "k",
                                                                                                        "value": 3},
    "checks.check_choice": {"name": "c", "value": "a", "choices": ("a", "b")},
    "checks.check_population": {"value": 10}, "checks.check_seed": {"value": 1},
    "checks.check_instance": {"name": "x", "value": 1.0, "kind": float},
    "checks.check_array": {"name": "x", "values": [1.0]},
    "checks.check_text": {"name": "label", "value": "x"}, "checks.check_bool": {"name": "flag", "value": True},
    "checks.checked": {"check": lambda: check_probability}, "checks.rules": {"kind": scenario.Scenario},
    "describe.months_text": {"n": 3},
    "studies.histogram": {"values": np.array([0.2, 0.5])},
    "audit.PChart": {"baseline": 0.12},
    "metrics.Counts": {"tp": 1, "fn": 1, "fp": 1, "tn": 1},
    "multilevel.OrdinalScoreModel": {"means": (0.0, 2.0, 4.0, 6.0), "cuts": (1.0, 3.0, 5.0)},
    "multilevel.MisclassificationModel": {"probabilities": tuple(tuple(float(i == j) for j in range(4))
                                                                 for i in range(4))},
}

ANY_VALUE = {
    # describe.people / person_word / percent write any number they are given; they are phrase helpers
    ("describe.people", "x"), ("describe.person_word", "x"), ("describe.percent", "rate"),
    ("checks.flush_subnormal", "value"),  # a helper that passes every non-subnormal value through
    ("checks.check_instance", "value"), ("checks.check_choice", "value"),  # checks: their job is to refuse
    ("checks.check_probability", "value"), ("checks.check_real", "value"), ("checks.check_int", "value"),
    ("checks.check_population", "value"), ("checks.check_seed", "value"), ("checks.check_array", "values"),
    ("checks.check_text", "value"), ("checks.check_bool", "value"),
    ("checks.checked", "default"),  # a field's default may be anything its check accepts
    ("describe.duration", "hours"),  # None and +inf mean "never reached", by design
}

NUMBER_OR_ARRAY = {
    # a number or an array of numbers is right here, so a list is not a wrong type (NaN, text still are)
    ("stats.normal_cdf", "x"), ("stats.normal_sf", "x"), ("scenario.check_threshold", "threshold"),
    ("studies.predictive_values", "prevalence"), ("chatbot.share_within", "hours"),
    ("consequences.crisis_probability", "weeks_waiting"), ("consequences.expected_crises", "people_waiting"),
    ("consequences.expected_crises", "weeks_waiting"),
    # team rates: lesson 4 draws whole curves by passing arrays of shares (0 to 1) in one call
    ("team.joint_right", "clinician_right"), ("team.joint_right", "ai_right"),
    ("team.team_sensitivity", "s_c"), ("team.team_sensitivity", "s_a"),
    ("team.team_sensitivity", "accept_ai_flag"), ("team.team_sensitivity", "accept_ai_clear"),
    ("team.team_specificity", "p_c"), ("team.team_specificity", "p_a"),
    ("team.team_specificity", "accept_ai_flag"), ("team.team_specificity", "accept_ai_clear"),
}

OPEN_ENDS = {
    # A range bound whose infinite value is how a caller leaves that end of the range open (the default);
    # only this one infinity is skipped: NaN, the other infinity, text and wrong types are still refused.
    ("checks.check_real", "low"): -math.inf, ("checks.check_real", "high"): math.inf,
    ("checks.check_array", "low"): -math.inf, ("checks.check_array", "high"): math.inf,
}

RECORDS = {
    # Results the engine builds from inputs it has already checked; no lesson or learner calls these
    # constructors. Not yet walked: they are plain dataclasses. Building one on lessons.checks.Checked
    # (fields made with checked()) moves it to the field walk below; then take it off this list.
    "audit.ChartResult", "audit.Scorecard", "capacity.MeanWait", "capacity.QueueResult", "capacity.RouteResult",
    "capacity.RouteComparison", "chatbot.ConversationWeek", "chatbot.HandoffCurves", "chatbot.SupportOutcome",
    "consequences.PathwayOutcome", "consequences.Consequences", "drift.Timeline",
    "drift.SimulatedTimeline", "faults.MissedByCause", "metrics.Rate", "monitoring.Cohort",
    "monitoring.CohortScores", "monitoring.RuleOutcome", "monitoring.RocCurve", "monitoring.ReviewLoad",
    "monitoring.MonitoringResult", "monitoring.SweepRow", "multilevel.UrgencyLevel",
    "studies.PredictiveValues", "studies.Spread", "studies.StudyRate", "studies.StudySample",
    "subgroups.GroupOutcome", "team.Flips", "team.TeamResult", "team.TrustSweep", "team.TeamSimulation",
    "team.RightWrongResult", "team.RelianceFit", "audit.AuditRecord", "population.Population",
    "faults.FaultReport", "faults.LadderStep", "subgroups.Gap", "subgroups.SubgroupReport", "scores.ScoreSplit", "paths.Wait", "paths.Path", "reliance.RelianceResult", "reliance.SwapSweep",
    "reliance.SimulatedReliance", "paths.MonthlyPath", "paths.MonitoredPath",
}


KNOWN_GAPS = {
    # Parameters that still accept a bad value, or fail with another exception or a message that does not
    # name them (found by this walk when it was written). The list may only shrink: the test fails when one
    # is fixed and still listed, and fails for any parameter not listed here. Empty: every walked parameter
    # now refuses bad input; keep it empty (fix a new gap rather than listing it).
}


def _value(v):
    return v() if callable(v) and not isinstance(v, type) else v


def baseline(label, fn):
    """Keyword arguments for a valid call of ``fn`` (None if it has no parameters to test)."""
    sig = inspect.signature(fn)
    over = OVERRIDES.get(label, {})
    kwargs = {}
    for p in sig.parameters.values():
        if p.name in ("self", "cls") or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        if p.name in over:
            kwargs[p.name] = _value(over[p.name])
        elif p.default is not p.empty:
            continue
        elif p.name in LAZY and LAZY[p.name] is not None:
            kwargs[p.name] = _value(LAZY[p.name])
        elif p.name in SAMPLES and SAMPLES[p.name] is not None:
            kwargs[p.name] = SAMPLES[p.name]
        else:
            raise AssertionError(f"{label}: add a valid sample for parameter {p.name!r} to SAMPLES or OVERRIDES")
    return kwargs


class _Other:
    """A value of a type no engine function takes."""

    def __repr__(self):
        return "<other>"


def _optional(fn, name) -> bool:
    p = inspect.signature(fn).parameters[name]
    if p.default is None:
        return True
    hints = str(p.annotation)
    return "None" in hints or "Optional" in hints


def bad_values(fn, name, good):
    """The bad values for one parameter, chosen by the kind of its valid value."""
    none = [] if _optional(fn, name) else [None]
    if isinstance(good, bool):
        return []
    if isinstance(good, (int, float, np.integer, np.floating)):
        return [math.nan, math.inf, -math.inf, "1", [1], _Other()] + none
    if isinstance(good, str):
        return [1.5, _Other()] + none
    if isinstance(good, (np.ndarray, list)) and np.asarray(good).dtype.kind in "iuf":
        bad = np.asarray(good, dtype=float).copy()
        bad.flat[0] = math.nan
        return [bad, "x", _Other()] + none
    if isinstance(good, (np.ndarray, list, tuple)):
        return ["x", _Other()] + none
    if type(good).__module__.startswith("lessons."):
        return ["x", 1.5, _Other()] + none
    return []


def _walked_by_fields(fn) -> bool:
    """Checked classes are walked field by field (below), from the rules their fields declare."""
    return inspect.isclass(fn) and issubclass(fn, Checked)


def walk():
    cases = []
    for label, fn in public_callables():
        if label in RECORDS or _walked_by_fields(fn):
            continue
        try:
            inspect.signature(fn)
        except (TypeError, ValueError):
            continue
        kwargs = baseline(label, fn)
        for p in inspect.signature(fn).parameters.values():
            if p.name in ("self", "cls") or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
                continue
            if (label, p.name) in ANY_VALUE:
                continue
            good = kwargs.get(p.name, p.default)
            for bad in bad_values(fn, p.name, good):
                if (label, p.name) in NUMBER_OR_ARRAY and isinstance(bad, list):
                    continue
                if isinstance(bad, float) and OPEN_ENDS.get((label, p.name)) == bad:
                    continue
                cases.append((label, fn, kwargs, p.name, bad))
    return cases


def refuses(fn, kwargs, name, bad):
    """None if the call raises a ValueError naming ``name``; otherwise what happened instead."""
    try:
        fn(**{**kwargs, name: bad})
    except ValueError as error:
        return None if name in str(error) else f"ValueError not naming {name}: {error}"
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return "accepted"


def test_every_public_callable_has_a_valid_sample_call_that_works():
    for label, fn in public_callables():
        if label in RECORDS or _walked_by_fields(fn):
            continue
        kwargs = baseline(label, fn)
        fn(**kwargs)


def _failures():
    """{(label, parameter): first problem} for every bad input that was not refused as it should be."""
    found = {}
    for label, fn, kwargs, name, bad in walk():
        problem = refuses(fn, kwargs, name, bad)
        if problem is not None:
            found.setdefault((label, name), f"{name}={bad!r}: {problem[:100]}")
    return found


def test_every_parameter_refuses_nan_infinity_text_and_wrong_types_naming_itself():
    """Nothing outside KNOWN_GAPS may accept a bad value, and every known gap must still be one."""
    failures = _failures()
    known = {(label, name) for label, names in KNOWN_GAPS.items() for name in names.split()}
    new = sorted(set(failures) - known)
    assert not new, f"{len(new)} parameters accept bad input:\n" + "\n".join(
        f"{label}: {failures[key]}" for key in new for label in [key[0]])
    fixed = sorted(known - set(failures))
    assert not fixed, f"these now refuse bad input; remove them from KNOWN_GAPS: {fixed}"


# -- Checked classes, walked field by field -------------------------------------------------------

ENGINE_AND_CONTENT = [
    importlib.import_module(f"{package.__name__}.{m.name}")
    for package in (lessons.engine, lessons.content) for m in pkgutil.iter_modules(package.__path__)
]


def checked_classes():
    """(label, class) for every Checked subclass defined in lessons.engine.* and lessons.content.*."""
    found = []
    for module in ENGINE_AND_CONTENT:
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, Checked) and obj.__module__ == module.__name__:
                found.append((f"{module.__name__.rsplit('.', 1)[-1]}.{name}", obj))
    return found


def _first(mapping):
    return next(iter(mapping.values()))


EXAMPLES = {
    # a valid object of each Checked class that has fields without a default and no sample in SAMPLES/OVERRIDES
    "cast.Person": lambda: _first(importlib.import_module("lessons.content.cast").CAST),
    "presets.Preset": lambda: _first(importlib.import_module("lessons.content.presets").PRESETS),
    "presets.CrisisPreset": lambda: _first(importlib.import_module("lessons.content.presets").CRISIS_PRESETS),
    "replies.ChatReply": lambda: importlib.import_module("lessons.content.replies").REPLIES[0],
    "consequences.ParameterInfo": lambda: consequences.PARAMETERS["assessment_wait_days"],
    "multilevel.TriageConfusion": lambda: LAZY["confusion"](),
}

UNCHECKED_ENGINE_FIELDS = {
    # engine fields of Checked classes with no checked() rule, and why
    ("consequences.ParameterInfo", "source"): "a source key, checked by _check() when the status is 'sourced'",
}

OUT_OF_RANGE = {
    # fields whose check is the module's own (no low/high to read): a value it must refuse, by hand
    ("multilevel.OrdinalScoreModel", "means"): (0.0, 2.0, 1.0, 6.0),      # not increasing
    ("multilevel.OrdinalScoreModel", "cuts"): (3.0, 1.0, 5.0),
    ("multilevel.OrdinalScoreModel", "levels"): ("only one level",),      # 2 to 10 levels
    ("multilevel.MisclassificationModel", "levels"): ("only one level",),
    ("multilevel.MisclassificationModel", "probabilities"): ((1.5, -0.5), (0.0, 1.0)),
    ("multilevel.TriageConfusion", "levels"): ("only one level",),
}


def example_kwargs(label, cls) -> dict:
    """Keyword arguments of a valid object: every field of an example, or the required ones from the samples."""
    if label in EXAMPLES:
        example = EXAMPLES[label]()
        return {f.name: getattr(example, f.name) for f in dataclasses.fields(cls) if f.init}
    return baseline(label, cls)


def _bounds(rule) -> dict:
    """low, high, low_open and high_open of a rule's check: its options over the check's own defaults."""
    params = inspect.signature(rule.check).parameters
    bounds = {key: p.default for key, p in params.items() if key in ("low", "high", "low_open", "high_open")}
    bounds.update({key: value for key, value in rule.options if key in bounds})
    return bounds


def out_of_range(label, name, rule, good) -> list:
    """Values just outside what the field's check allows (read from the check and its options)."""
    if (label, name) in OUT_OF_RANGE:
        return [OUT_OF_RANGE[label, name]]
    if rule.check is check_text:
        return ["", "   "]
    if rule.check is check_bool:
        return [0, 1]
    if rule.check is check_choice:
        return ["none of the choices"]
    if rule.check in (check_probability, check_real, check_int, check_array):
        b = _bounds(rule)
        outside = []
        if b.get("low") is not None and math.isfinite(b["low"]):
            outside.append(b["low"] if b.get("low_open") else b["low"] - 1)
        if b.get("high") is not None and math.isfinite(b["high"]):
            outside.append(b["high"] if b.get("high_open") else b["high"] + 1)
        if rule.check is check_int:
            outside.append(b["low"] + 0.5)  # not a whole number
        if rule.check is check_array:
            arrays = []
            for value in outside:
                bad = np.asarray(good, dtype=float).copy()
                bad.flat[0] = value
                arrays.append(bad)
            return arrays
        return outside
    raise AssertionError(f"{label}.{name}: add an out-of-range value to OUT_OF_RANGE (its check is "
                         f"{rule.check.__name__}, whose range this walk cannot read)")


def field_bad_values(label, name, rule, good) -> list:
    bad = [math.nan, math.inf, -math.inf, _Other(), 1.5 if isinstance(good, str) else "1"]
    if not rule.optional:
        bad.append(None)
    return bad + out_of_range(label, name, rule, good)


def field_cases():
    cases = []
    for label, cls in checked_classes():
        kwargs = example_kwargs(label, cls)
        defaults = {f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
        for name, rule in rules(cls):
            good = kwargs[name] if name in kwargs else defaults[name]
            for bad in field_bad_values(label, name, rule, good):
                cases.append((label, cls, kwargs, name, bad))
    return cases


def test_the_field_walk_finds_the_checked_classes_of_engine_and_content():
    labels = {label for label, _ in checked_classes()}
    # the classes converted from hand-written __post_init__ checks (a floor: new ones join by themselves)
    assert {"scenario.Scenario", "scenario.ScoreModel", "capacity.Clinic", "capacity.Stability", "faults.Deployment",
            "drift.DriftPlan", "team.TeamSetting", "reliance.RelianceSetting", "studies.StudyDesign",
            "subgroups.Group", "audit.PChart", "audit.ReviewPolicy", "audit.GroupSplit", "metrics.Counts",
            "scores.Hill", "consequences.ConsequenceParams", "consequences.ParameterInfo",
            "multilevel.TriageConfusion", "multilevel.OrdinalScoreModel", "multilevel.MisclassificationModel",
            "chatbot.ChatbotWeek", "cast.Person", "presets.Preset", "replies.ChatReply"} <= labels
    assert not labels & RECORDS, "a Checked class is walked by its fields; take it off RECORDS"
    assert len(field_cases()) > 500


def test_every_engine_field_of_a_checked_class_has_a_rule():
    missing = [(label, f.name) for label, cls in checked_classes() if cls.__module__.startswith("lessons.engine.")
               for f in dataclasses.fields(cls)
               if f.init and f.name not in dict(rules(cls)) and (label, f.name) not in UNCHECKED_ENGINE_FIELDS]
    assert not missing, f"give these fields a checked() rule (or say why not in UNCHECKED_ENGINE_FIELDS): {missing}"


def test_every_checked_class_builds_from_its_defaults_and_samples():
    for label, cls in checked_classes():
        obj = cls(**example_kwargs(label, cls))
        assert isinstance(obj, cls), label


def test_every_checked_field_refuses_nan_infinity_wrong_types_and_out_of_range_values_naming_itself():
    failures = {}
    for label, cls, kwargs, name, bad in field_cases():
        problem = refuses(cls, kwargs, name, bad)
        if problem is not None:
            failures.setdefault((label, name), f"{name}={bad!r}: {problem[:100]}")
    assert not failures, f"{len(failures)} fields accept bad input:\n" + "\n".join(
        f"{label}: {text}" for (label, _), text in sorted(failures.items()))


def test_with_checks_changes_like_the_constructor_and_refuses_unknown_fields_by_name():
    for _label, cls, kwargs, name, bad in field_cases():
        obj = cls(**kwargs)
        with pytest.raises(ValueError, match=name):
            obj.with_(**{name: bad})
    for label, cls in checked_classes():
        obj = cls(**example_kwargs(label, cls))
        with pytest.raises(ValueError, match=r"has no fields? no_such_field, other_field; its fields are"):
            obj.with_(no_such_field=1, other_field=2)
        copy = obj.with_()
        assert copy is not obj and type(copy) is cls, label


def _holds_arrays(obj) -> bool:
    return any(isinstance(getattr(obj, f.name), np.ndarray) for f in dataclasses.fields(obj))


def test_checked_classes_keep_dataclass_pickling_equality_and_hash():
    for label, cls in checked_classes():
        obj = cls(**example_kwargs(label, cls))
        params = cls.__dataclass_params__
        back = pickle.loads(pickle.dumps(obj))
        assert type(back) is cls, label
        if _holds_arrays(obj):
            assert all(np.array_equal(getattr(back, f.name), getattr(obj, f.name)) for f in dataclasses.fields(obj))
            continue
        assert back == obj, label
        if params.frozen and params.eq:
            assert hash(back) == hash(obj) == hash(cls(**example_kwargs(label, cls))), label
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(obj, dataclasses.fields(obj)[0].name, None)


def test_checked_stores_what_the_checks_return_and_only_that():
    s = scenario.Scenario(prevalence=1, population=500.0, seed=7.0)
    assert (type(s.prevalence), type(s.population), type(s.seed)) == (float, int, int)
    assert scenario.Scenario(prevalence=1e-320).prevalence == 0.0  # after=flush_subnormal
    assert drift.DriftPlan(prevalence_change=-1e-320).prevalence_change == 0.0
    assert type(metrics.Counts(1, 2, 3, 4).tp) is int  # store=False: checked, kept as given
    assert faults.Deployment(auc_b=None).auc_b is None and faults.Deployment(auc_b=1 - 0.25).auc_b == 0.75
    assert s.with_(sensitivity=1).sensitivity == 1.0 and type(s.with_(sensitivity=1).sensitivity) is float
    assert s.with_(sensitivity=0.5) == scenario.Scenario(prevalence=1.0, sensitivity=0.5, population=500, seed=7)


def test_cross_field_rules_run_after_the_fields():
    with pytest.raises(ValueError, match="onset must be a whole number from 0 to 12; got 13"):
        drift.DriftPlan(months=12, onset=13)
    with pytest.raises(ValueError, match="onset must be a whole number from 0 to 12; got 13"):
        drift.DriftPlan(months=24, onset=13).with_(months=12)
    info = consequences.PARAMETERS["assessment_hours"]
    with pytest.raises(ValueError, match=r"high must be at least low \(5\); got 1"):
        info.with_(low=5.0, high=1.0)
    with pytest.raises(ValueError, match="source key must be one of"):
        info.with_(status="sourced", source="no such source")
    with pytest.raises(ValueError, match="4 levels need 4 means and 3 cuts; got 3 means and 2 cuts"):
        multilevel.OrdinalScoreModel((0.0, 1.0, 2.0), (0.5, 1.5))
    with pytest.raises(ValueError, match=r"matrix must be 4 x 4 .*got shape \(2, 2\)"):
        multilevel.TriageConfusion(np.ones((2, 2)), ("a", "b", "c", "d"))


def test_chatbot_week_starts_each_copy_with_its_own_cache():
    week = chatbot.ChatbotWeek(50, 1)
    week.waits_without_bot(5.0)
    other = week.with_(seed=2)
    assert other.seed == 2 and other._no_bot_waits == {} and len(week._no_bot_waits) == 1
