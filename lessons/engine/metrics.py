"""The four outcome counts of a screening and the rates computed from them.

Vocabulary used across the kit (see the glossary in ``notebooks/00_start_here``):

* **needs help** – the person truly has the condition (a "positive").
* **flagged** – the AI says the person needs help.
* **correctly flagged** (true positive, TP) – needs help and is flagged.
* **missed** (false negative, FN) – needs help but is not flagged.
* **false alarm** (false positive, FP) – does not need help but is flagged.
* **correctly cleared** (true negative, TN) – does not need help, not flagged.

A rate whose denominator is zero (PPV when nobody was flagged) is *undefined*:
:class:`Rate` then carries ``value=None`` and a reason in words, never NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import MAX_POPULATION, REQUIRED, Checked, check_real, checked

OUTCOMES = ("correctly flagged", "missed", "false alarm", "correctly cleared")
"""The four outcomes, in the order used by figures and tables."""


@dataclass(frozen=True)
class Rate:
    """A proportion ``numerator / denominator`` that knows when it is undefined.

    ``value`` is a float from 0 to 1, or ``None`` when the denominator is zero;
    ``str(rate)`` gives "42.0%" or "undefined: nobody was flagged".
    """

    name: str
    numerator: float
    denominator: float
    undefined_reason: str = "there is nobody to count"
    complement: bool = False
    """If true the rate is ``1 - numerator/denominator`` (undertriage, overtriage)."""

    @property
    def defined(self) -> bool:
        return self.denominator > 0

    @property
    def value(self) -> float | None:
        if not self.defined:
            return None
        share = self.numerator / self.denominator
        share = min(max(share, 0.0), 1.0)
        return 1.0 - share if self.complement else share

    def percent(self, digits: int = 1) -> str:
        """The rate as a percentage, or "undefined: <reason>"."""
        if not self.defined:
            return f"undefined: {self.undefined_reason}"
        return f"{100 * self.value:.{digits}f}%"

    def __str__(self) -> str:
        return self.percent()

    def __format__(self, spec: str) -> str:
        if not self.defined:
            return f"undefined: {self.undefined_reason}"
        return format(self.value, spec) if spec else self.percent()


@dataclass(frozen=True)
class Counts(Checked):
    """Counts of the four outcomes among screened people.

    ``tp`` correctly flagged, ``fn`` missed, ``fp`` false alarms, ``tn``
    correctly cleared. Counts from a simulation are whole numbers; expected
    counts (no randomness) may be fractional.
    """

    tp: float = checked(REQUIRED, check_real, low=0.0, store=False)
    fn: float = checked(REQUIRED, check_real, low=0.0, store=False)
    fp: float = checked(REQUIRED, check_real, low=0.0, store=False)
    tn: float = checked(REQUIRED, check_real, low=0.0, store=False)

    # -- group sizes -------------------------------------------------------
    @property
    def population(self) -> float:
        return self.tp + self.fn + self.fp + self.tn

    @property
    def need_help(self) -> float:
        return self.tp + self.fn

    @property
    def no_need(self) -> float:
        return self.fp + self.tn

    @property
    def flagged(self) -> float:
        return self.tp + self.fp

    @property
    def not_flagged(self) -> float:
        return self.fn + self.tn

    # friendly aliases in the kit's vocabulary
    @property
    def correctly_flagged(self) -> float:
        return self.tp

    @property
    def missed(self) -> float:
        return self.fn

    @property
    def false_alarms(self) -> float:
        return self.fp

    @property
    def correctly_cleared(self) -> float:
        return self.tn

    # -- rates -------------------------------------------------------------
    @property
    def prevalence(self) -> Rate:
        return Rate("prevalence", self.need_help, self.population, "nobody was screened")

    @property
    def sensitivity(self) -> Rate:
        """Of those who need help, the share flagged."""
        return Rate("sensitivity", self.tp, self.need_help, "nobody here needs help")

    @property
    def specificity(self) -> Rate:
        """Of those who do not need help, the share not flagged."""
        return Rate("specificity", self.tn, self.no_need, "everybody here needs help")

    @property
    def ppv(self) -> Rate:
        """Positive predictive value: of those flagged, the share who need help."""
        return Rate("PPV", self.tp, self.flagged, "nobody was flagged")

    @property
    def npv(self) -> Rate:
        """Negative predictive value: of those not flagged, the share who do not need help."""
        return Rate("NPV", self.tn, self.not_flagged, "everybody was flagged")

    @property
    def accuracy(self) -> Rate:
        return Rate("accuracy", self.tp + self.tn, self.population, "nobody was screened")

    @property
    def balanced_accuracy(self) -> Rate:
        sens, spec = self.sensitivity, self.specificity
        if not sens.defined:
            return Rate("balanced accuracy", 0.0, 0.0, "nobody here needs help")
        if not spec.defined:
            return Rate("balanced accuracy", 0.0, 0.0, "everybody here needs help")
        return Rate("balanced accuracy", (sens.value + spec.value) / 2, 1.0)

    @property
    def flag_rate(self) -> Rate:
        return Rate("flag rate", self.flagged, self.population, "nobody was screened")

    @property
    def undertriage(self) -> Rate:
        """1 - sensitivity: of those who need help, the share missed."""
        return Rate("undertriage", self.tp, self.need_help, "nobody here needs help", complement=True)

    @property
    def overtriage(self) -> Rate:
        """1 - PPV: of those flagged, the share who did not need help."""
        return Rate("overtriage", self.tp, self.flagged, "nobody was flagged", complement=True)

    def rates(self) -> dict[str, Rate]:
        """Every rate, keyed by a short name."""
        names = (
            "prevalence", "sensitivity", "specificity", "ppv", "npv", "accuracy",
            "balanced_accuracy", "flag_rate", "undertriage", "overtriage",
        )
        return {name: getattr(self, name) for name in names}

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fn": self.fn, "fp": self.fp, "tn": self.tn}

    def scaled(self, population: float) -> Counts:
        """The same proportions in a population of another size (expected counts), 0 to 10,000,000."""
        population = check_real("population", population, low=0.0, high=MAX_POPULATION)
        factor = population / self.population if self.population else 0.0
        return Counts(self.tp * factor, self.fn * factor, self.fp * factor, self.tn * factor)
