"""Plain-language text twins of results.

Every figure in the kit has a text twin built here, so a screen-reader user
(or anyone who prefers words) gets the same facts as the picture.
"""

from __future__ import annotations

import math

from ..checks import check_instance, check_real
from .metrics import Counts, Rate


def people(x: float, *, about: bool | None = None) -> str:
    """A number of people in words-friendly form: "1,350" or "about 12.5" -> "about 13"."""
    whole = round(x)
    if about is None:
        about = abs(x - whole) > 1e-9
    text = f"{whole:,}"
    return f"about {text}" if about else text


def person_word(x: float, one: str = "person", many: str = "people") -> str:
    """``one`` if ``x`` rounds to 1, otherwise ``many`` (the two words are texts)."""
    for name, word in (("one", one), ("many", many)):
        if not isinstance(word, str):
            raise ValueError(f"{name} must be a text (the word to use); got {word!r:.60}")
    return one if round(x) == 1 else many


def percent(rate: Rate | float | None, digits: int = 1) -> str:
    """A rate as "42.0%", or "undefined: <reason>" for an undefined :class:`Rate`; ``digits``: 0 to 10."""
    from ..checks import check_int

    digits = check_int("digits", digits, low=0, high=10)
    if isinstance(rate, Rate):
        return rate.percent(digits)
    if rate is None:
        return "undefined"
    return f"{100 * rate:.{digits}f}%"


def capitalised(text: str) -> str:
    """First letter in capitals, for a phrase that starts a sentence: "about 4 people" -> "About 4 people"."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a text; got {text!r}")
    return text[:1].upper() + text[1:]


def months_text(n: int) -> str:
    """A number of months in words: "1 month", "3 months"."""
    from ..checks import check_int

    n = check_int("n", n, low=0)
    return f"{n} month" if n == 1 else f"{n} months"


def duration(hours: float | None) -> str:
    """A waiting time in words: "no wait", "12 minutes", "3.5 hours", "4.2 days", or "never" (None or infinite)."""
    if hours is None or (isinstance(hours, (int, float)) and not isinstance(hours, bool) and math.isinf(hours)
                         and hours > 0):
        return "never"
    hours = check_real("hours", hours, low=0.0)
    minutes = hours * 60
    if minutes < 0.5:
        return "no wait"
    if minutes < 90:
        m = round(minutes)
        return f"{m} minute{'s' if m != 1 else ''}"
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{hours / 24:.1f} days"


def hours_label(hours: float) -> str:
    """A checkpoint in words: 1 -> "1 hour", 24 -> "24 hours", 0.5 -> "30 minutes"."""
    hours = check_real("hours", hours, low=0.0)
    if hours < 1:
        return duration(hours)
    return f"{hours:g} hour{'s' if hours != 1 else ''}"


def response_time(hours: float) -> str:
    """A target response time: 0 -> "at once", 4 -> "4.0 hours"."""
    hours = check_real("hours", hours, low=0.0)
    return "at once" if hours == 0 else f"{hours:.1f} hours"


def describe_counts(counts: Counts, *, screened: str = "screened", tool: str = "the AI") -> str:
    """Natural-frequency summary of one screening.

    Expected counts (fractions of people) are rounded to whole people and the
    sentence starts with "On average", so the words never claim false precision.

    >>> from lessons.engine.metrics import Counts
    >>> print(describe_counts(Counts(tp=880, fn=120, fp=1350, tn=7650)))  # doctest: +NORMALIZE_WHITESPACE
    Of 10,000 people screened, 1,000 need help. The AI flags 880 of them and misses 120.
    It also flags 1,350 of the 9,000 who do not need help (false alarms).
    Of the 2,230 people flagged, 880 need help: a PPV of 39.5%.
    """
    check_instance("counts", counts, Counts)
    for name, word in (("screened", screened), ("tool", tool)):
        if not isinstance(word, str) or not word:
            raise ValueError(f"{name} must be a non-empty text; got {word!r:.60}")
    values = (counts.tp, counts.fn, counts.fp, counts.tn)
    expected = any(abs(v - round(v)) > 1e-9 for v in values)
    if expected:  # round once, consistently, so the sentence adds up
        tp, fn, fp, tn = (float(round(v)) for v in values)
        shown = Counts(tp, fn, fp, tn)
    else:
        shown = counts
    n = shown.population
    pos, neg, flagged = shown.need_help, shown.no_need, shown.flagged
    Tool = tool[:1].upper() + tool[1:]
    lead = "On average, of" if expected else "Of"
    parts = [f"{lead} {people(n)} {person_word(n)} {screened}, {people(pos)} "
             f"{'needs' if round(pos) == 1 else 'need'} help."]
    if pos > 0:
        parts.append(f"{Tool} flags {people(shown.tp)} of them and misses {people(shown.fn)}.")
    else:
        parts.append("Nobody needs help, so nobody can be missed.")
    if neg > 0:
        parts.append(
            f"It also flags {people(shown.fp)} of the {people(neg)} who do not need help (false alarms)."
        )
    else:
        parts.append("Everybody needs help, so there can be no false alarms.")
    if flagged > 0:
        parts.append(
            f"Of the {people(flagged)} {person_word(flagged)} flagged, {people(shown.tp)} "
            f"{'needs' if round(shown.tp) == 1 else 'need'} help: a PPV of {percent(counts.ppv)}."
        )
    else:
        parts.append(f"Nobody is flagged, so the PPV is {percent(counts.ppv)}.")
    return " ".join(parts)


def describe_rates(counts: Counts) -> str:
    """One line per rate: "sensitivity 88.0% (of those who need help, the share flagged)"."""
    check_instance("counts", counts, Counts)
    meaning = {
        "sensitivity": "of those who need help, the share flagged",
        "specificity": "of those who do not need help, the share not flagged",
        "ppv": "of those flagged, how many need help",
        "npv": "of those not flagged, how many do not need help",
        "accuracy": "share of all calls that are right",
        "balanced_accuracy": "average of sensitivity and specificity",
        "flag_rate": "share of everyone who is flagged",
        "undertriage": "of those who need help, the share missed",
        "overtriage": "of those flagged, the share who did not need help",
    }
    rates = counts.rates()
    label = {"ppv": "PPV", "npv": "NPV", "balanced_accuracy": "balanced accuracy", "flag_rate": "flag rate"}
    return "\n".join(
        f"{label.get(k, k)}: {percent(rates[k])} ({text})" for k, text in meaning.items()
    )


def describe_counts_table(counts: Counts) -> str:
    """The four counts as aligned plain-text lines (used in checked notebook outputs)."""
    check_instance("counts", counts, Counts)
    rows = [
        ("correctly flagged", counts.tp),
        ("missed", counts.fn),
        ("false alarms", counts.fp),
        ("correctly cleared", counts.tn),
    ]
    return "\n".join(f"{name:<18}{people(value):>12}" for name, value in rows)
