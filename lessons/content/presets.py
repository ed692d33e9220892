"""Sourced operating points a learner can load into an explorer.

``status`` says how far each number can be trusted:

* "sourced": all three numbers are published values;
* "derived": computed by the kit's authors from published figures (the note says how);
* "illustrative": chosen for teaching, not taken from a study.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import REQUIRED, Checked, check_choice, check_probability, check_real, check_text, checked
from .sources import cite

STATUSES = ("sourced", "derived", "illustrative")


@dataclass(frozen=True)
class Preset(Checked):
    key: str
    label: str
    prevalence: float = checked(REQUIRED, check_probability, store=False)
    sensitivity: float = checked(REQUIRED, check_probability, store=False)
    specificity: float = checked(REQUIRED, check_probability, store=False)
    status: str = checked(REQUIRED, check_choice, choices=STATUSES)
    sources: tuple[str, ...]
    note: str = ""

    def _check(self):
        for key in self.sources:
            cite(key)

    def describe(self) -> str:
        """One sentence with the numbers, their status and their source."""
        cites = "; ".join(cite(k).citation for k in self.sources)
        text = (
            f"{self.label}: prevalence {100 * self.prevalence:.2f}%, sensitivity "
            f"{100 * self.sensitivity:.1f}%, specificity {100 * self.specificity:.1f}% "
            f"({self.status}). Source: {cites}"
        )
        return text + (f" Note: {self.note}" if self.note else "")


_ALL = [
    Preset("phq9_primary_care", "PHQ-9 score 10 or more, primary care", 0.10, 0.88, 0.85, "sourced",
           ("levis2019", "negeri2021", "thombs2014"),
           "Sensitivity and specificity against a semistructured interview (Levis 2019). Prevalence 10% is the "
           "top of the 5-10% range for major depression in primary care, as the same research group (DEPRESSD) "
           "states it in Thombs 2014; Negeri 2021 updated sensitivity to 0.85."),
    Preset("gp_unaided", "GP recognition of depression, unaided", 0.219, 0.501, 0.813, "sourced",
           ("mitchell2009",), "Published PPV at this prevalence: 42%."),
    Preset("phq2_then_phq9", "Two-step: PHQ-2 then PHQ-9", 0.10, 0.82, 0.87, "sourced",
           ("levis2020", "levis2019"), "Prevalence 10% as in the PHQ-9 preset."),
    Preset("suicide_ehr_top5", "Suicide-attempt flag: top 5% of record-based risk scores", 0.0063, 0.43, 0.952,
           "derived", ("simon2018",),
           "Derived from mental-health specialty visits: the top 5% of scores held 43% of attempts and 5.4% of "
           "them attempted within 90 days, "
           "so prevalence = 0.05 x 0.054 / 0.43 and specificity = 1 - 0.05 x 0.946 / (1 - prevalence)."),
    Preset("clinician_high_risk", "Clinician 'high risk' label for suicide", 0.02, 0.56, 0.79, "derived",
           ("large2016",), "Sensitivity and specificity are published; the 2% prevalence is an assumption."),
    Preset("vendor_after_shift", "Vendor sepsis model at an outside hospital (dataset shift)", 0.07, 0.33, 0.83,
           "derived", ("wong2021",),
           "Derived: the model missed 67% of cases and alerted on 18% of patients at about 7% prevalence."),
    Preset("trauma_field_triage", "Trauma field triage in practice", 0.058, 0.858, 0.687, "sourced",
           ("newgard2011", "mohan2011"), "The benchmark asks for undertriage under 5% (sensitivity 0.95 or more)."),
]

PRESETS: dict[str, Preset] = {p.key: p for p in _ALL}


def preset(key: str) -> Preset:
    """The preset with this key; ValueError lists the known keys."""
    if key not in PRESETS:
        raise ValueError(f"preset must be one of {', '.join(PRESETS)}; got {key!r}")
    return PRESETS[key]


# -- lesson 01: shares of chatbot conversations from people in crisis -----------------------------

CRISIS_PER = 10_000
"""Crisis shares are counted per this many conversations."""


@dataclass(frozen=True)
class CrisisPreset(Checked):
    """A share of conversations from people in crisis, with where it comes from."""

    key: str = checked(REQUIRED, check_text)
    label: str = checked(REQUIRED, check_text)
    crisis_per_10000: float = checked(REQUIRED, check_real, low=0.0, high=CRISIS_PER)
    status: str = checked(REQUIRED, check_choice, choices=STATUSES)
    sources: tuple[str, ...]
    note: str = checked(REQUIRED, check_text)

    def _check(self):
        for key in self.sources:
            cite(key)

    def describe(self) -> str:
        cites = "; ".join(cite(k).citation for k in self.sources) or "none (a teaching choice)"
        return (f"{self.label}: {self.crisis_per_10000:g} in crisis per {CRISIS_PER:,} conversations "
                f"({self.status}). Source: {cites} Note: {self.note}")


CRISIS_PRESETS = {p.key: p for p in (
    CrisisPreset("openai_planning", "Explicit indicators of potential suicidal planning or intent (OpenAI, reported)",
                 15.0, "derived",
                 ("openai2025",),
                 "OpenAI reported in October 2025 that 0.15% of ChatGPT's weekly active users have conversations "
                 "with explicit indicators of potential suicidal planning or intent. "
                 "Treating one conversation as one user turns this into 15 per 10,000; the "
                 "figure comes from a company statement seen in news reports, not a peer-reviewed study."),
    CrisisPreset("crisis_service", "A chatbot offered as a crisis service (illustrative)", 100.0, "illustrative",
                 (), "A service advertised for crisis support would see a larger share; 1% is a teaching choice."),
    CrisisPreset("nobody", "Nobody in crisis (edge case, illustrative)", 0.0, "illustrative", (),
                 "Shows what the words and figures say when there is nobody to miss."),
)}
