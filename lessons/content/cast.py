"""The kit's cast: composite, fictional people whom learners meet from lesson to lesson.

Kept as data in one place. Nothing here says what happens to a person: their path (flagged or not,
when they reach a human, how long they wait) is computed by :mod:`lessons.engine.paths` from the
lesson's scenario, so moving a slider can change it. What is fixed is who they are: whether they
need help, and where their score sits among people like them (``percentile``: the share of their
own group, in need or not, whose score is lower than theirs).

Written to safe-messaging guidance: person-first words, no method or graphic detail, nothing
sensational; every person has a way to help and hope in their story.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import REQUIRED, Checked, check_bool, check_choice, check_real, checked

FICTION_NOTE = ("These people are composites made up for teaching. None of them is a real person, and "
                "their stories are not case reports.")
"""Said on screen wherever a person of the cast appears."""

OUTCOMES = ("correctly flagged", "missed", "false alarm", "correctly cleared")
"""The four outcomes, in the order of :data:`lessons.engine.population.OUTCOME_CODES`."""

HARMS: dict[str, tuple[str, ...]] = {
    "correctly flagged": (
        "a person reaches them, if the service has room: the flag only helps once a human acts on it",
        "a record entry that says they were flagged, which they may worry about",
    ),
    "missed": (
        "no human contact from this route: the tool sends them to self-help only",
        "their need goes on untreated, and a later crisis may come before anyone sees them",
        "they may decide that asking again is pointless (lost trust, disengagement)",
    ),
    "false alarm": (
        "worry while they wait to be told they are not at risk",
        "a welfare check or an emergency assessment they did not need, sometimes unannounced",
        "a record entry that may follow them",
        "lost trust: some stop being open with the service, or stop using it",
        "a clinician's slot that someone in need was waiting for",
    ),
    "correctly cleared": (
        "no contact, which is right for them; if things change they need to know how to ask again",
    ),
}
"""Harms beyond the counts, for each outcome (plain words; a person's path lists the ones for their outcome)."""

HELP_LINE = ("If anything here is close to your own life, talking to someone you trust, a GP or a crisis "
             "line helps; the content note at the top of this notebook lists crisis lines.")


@dataclass(frozen=True)
class Person(Checked):
    """One composite person.

    key: short identifier. name: first name only. role: the kind of outcome or harm they stand for.
    story: two or three plain sentences, written to safe-messaging guidance.
    needs_help: whether they truly need a clinician.
    percentile: share of their own group (in need, or not in need) whose score is lower than theirs,
        strictly between 0 and 1.
    group: "A" or "B"; group B is the group some lessons' model serves worse.
    lessons: numbers of the lessons where learners meet them.
    hope: how their story can go on well (help-seeking).
    """

    key: str
    name: str
    role: str
    story: str
    needs_help: bool = checked(REQUIRED, check_bool)
    percentile: float = checked(REQUIRED, check_real, low=0.0, high=1.0, low_open=True, high_open=True)
    hope: str
    group: str = checked("A", check_choice, choices=("A", "B"))
    lessons: tuple[int, ...] = ()


CAST: dict[str, Person] = {p.key: p for p in (
    Person("amira", "Amira", "correctly flagged",
           "Amira writes to a support chatbot late one evening. She has been struggling for weeks and "
           "feels alone with it.",
           needs_help=True, percentile=0.70, lessons=(1, 4),
           hope="A counsellor who reads her words can offer a call the next morning and a plan she agrees to."),
    Person("ben", "Ben", "missed",
           "Ben needs help but says little about it: he writes that he is fine, just tired, and keeps "
           "his messages short.",
           needs_help=True, percentile=0.15, lessons=(1, 3),
           hope="A friend notices and helps him book a GP appointment; people often recover well once "
                "someone listens."),
    Person("chloe", "Chloe", "flagged in error",
           "Chloe writes in strong words after a hard week at university. She is upset, but she is safe "
           "and does not need a clinician.",
           needs_help=False, percentile=0.93, lessons=(2, 3),
           hope="A clear, kind explanation of why she was contacted helps her keep trusting the service."),
    Person("dev", "Dev", "correctly cleared",
           "Dev asks for tips on sleeping before exams. He does not need a clinician.",
           needs_help=False, percentile=0.40, lessons=(3,),
           hope="He gets his tips, and knows where to turn if things change."),
    Person("elena", "Elena", "waiting behind false alarms in a queue",
           "Elena has had low mood for months and is referred to a talking-therapy service, which sees "
           "people in the order they were referred.",
           needs_help=True, percentile=0.80, lessons=(5,),
           hope="Services can offer support while people wait, and she can ask her GP to chase the referral."),
    Person("femi", "Femi", "in a group the model serves worse",
           "Femi belongs to a group whose records under-state need, so the score sits lower for people "
           "like him, though he needs help as much as anyone.",
           needs_help=True, percentile=0.55, group="B", lessons=(6,),
           hope="A service that checks its tool group by group can find the gap and close it."),
    Person("grace", "Grace", "caught late by monitoring",
           "Grace is screened at her GP practice every month. The tool worked well when it launched, "
           "but the people it sees, and how they describe themselves, change over time.",
           needs_help=True, percentile=0.20, lessons=(7,),
           hope="Monthly audits notice the tool slipping; once it is fixed she is flagged again and seen."),
)}
"""The cast, by key. Each ``role`` is one kind of outcome or harm the lessons teach."""


def person(key: str) -> Person:
    """The person with this key (ValueError naming the allowed keys otherwise)."""
    return CAST[check_choice("key", key, tuple(CAST))]
