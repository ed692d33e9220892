"""The content notice every lesson opens with, defined once.

Every notebook's first cell carries :func:`content_note_markdown` for its lesson (``tools/notices.py``
writes it and ``tests/test_notebooks.py`` compares it); the static pages (``tools/export_html.py``)
and the Voila app template show :func:`help_bar_html`. The wording follows safe-messaging
guidance: it names each lesson's heavy topics, gives crisis lines and emergency numbers, says
that help works, and uses person-first words.

The crisis lines and emergency numbers are services' own published numbers. The hopeful
messages are plainly general statements, not findings of a study, and cite no figure.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass

from ..checks import check_int


@dataclass(frozen=True)
class CrisisLine:
    """A free line people can reach now: where it serves, its name and how to reach it."""

    region: str
    service: str
    how: str
    link: str = ""


CRISIS_LINES: tuple[CrisisLine, ...] = (
    CrisisLine("US and Canada", "988 Suicide & Crisis Lifeline (US) or 9-8-8 (Canada)", "call or text **988**"),
    CrisisLine("UK and Ireland", "Samaritans", "call **116 123**"),
    CrisisLine("UK, by text", "Shout", "text **SHOUT** to **85258**"),
    CrisisLine("Australia", "Lifeline", "call **13 11 14**"),
    CrisisLine("New Zealand", "the Need to Talk? line", "call or text **1737**"),
    CrisisLine("Anywhere else", "findahelpline.com", "lists free helplines by country",
               "https://findahelpline.com"),
)

EMERGENCY_NUMBERS: tuple[tuple[str, str], ...] = (
    ("US and Canada", "911"),
    ("UK", "999"),
    ("Ireland and the EU", "112"),
    ("Australia", "000"),
    ("New Zealand", "111"),
)
"""Where, and the number that reaches emergency services there."""

EMERGENCY_LEAD = "If you or someone else is in immediate danger"

DISCLAIMER = "This kit is for education. It is **not clinical advice** and not a clinical tool."

TOPICS: dict[int, str] = {
    0: "This kit talks about depression, suicide risk and crises, and about people being missed by screening "
       "tools.",
    1: "This lesson is about people in crisis writing to a support chatbot. It mentions suicidal thoughts, quotes "
       "a statement about suicide used in a study, describes a chatbot that gave dieting advice to people with "
       "eating disorders, and counts people in crisis who are missed or kept waiting.",
    2: "This lesson follows people whose depression gets worse during treatment, and alerts about them that "
       "nobody reads.",
    3: "This lesson is about predicting suicide: it talks about suicide attempts and deaths by suicide, and about "
       "people with depression whom screening misses.",
    4: "This lesson is about clinicians following, or ignoring, an AI's advice on depression, and about patients "
       "affected when that advice is wrong.",
    5: "This lesson is about people waiting for mental-health care, including people in crisis who wait, or who "
       "never reach a person.",
    6: "This lesson describes a chatbot that gave dieting advice to people with eating disorders, voice assistants "
       "that did not respond to a statement about suicide, people who keep suicidal thoughts to themselves, and "
       "people in need missed by a faulty triage tool.",
    7: "This lesson follows a triage tool that misses more people in need, including people in crisis, month "
       "by month.",
}
"""Each lesson's heavy topics, named in its content note."""

HOPE: dict[int, str] = {
    0: "Depression is common and it is treatable. Reaching out, to a friend, a doctor or a line above, is a "
       "strong first step.",
    1: "The lines above put you in touch with a trained person, day or night. A crisis can "
       "feel endless, but crises pass, and support helps people through them.",
    2: "Feeling worse for a while during treatment is common, and it is worth saying so: care can be changed. "
       "Telling your clinician how you are doing is part of how care works.",
    3: "A risk score is hard to get right, but help is not out of reach. Most people who have thoughts of suicide "
       "come through them, often with support. Talking to someone, a crisis line, a doctor or a person you trust, "
       "helps.",
    4: "Good care joins tools with people who listen. If an app's or a chatbot's answer worries you, a person can "
       "help: your doctor, a therapist or a line above.",
    5: "Waiting lists are real, but nobody has to wait alone: the lines above answer now. If things get worse "
       "while you wait, tell the service; it can look again at how urgent your need is.",
    6: "Tools can give wrong advice, and people can put it right: if something a chatbot said left you feeling "
       "worse, talk to a person. Eating disorders are treatable, and people recover from them.",
    7: "Services watch their tools so that fewer people are missed. For you: if you notice you are struggling, "
       "reaching out early helps, and the lines above are free.",
}
"""Each lesson's short hopeful, help-seeking message: plainly general, no study figures."""

CHECK_IN = ("> **Pause here if you need to.** That was the heaviest part of this lesson. Take a break if you\n"
            "> want one; the help lines are in the content note at the top. Come back whenever you are ready.")
"""The one-line check-in placed after the heaviest section of lessons 01, 03 and 06."""

CHECK_IN_LESSONS = (1, 3, 6)

_WIDTH = 114  # the notebooks' markdown lines stay under 120 characters with the "> " prefix


def _lesson(lesson) -> int:
    return check_int("lesson", lesson, low=0, high=max(TOPICS))


def line_markdown(line: CrisisLine) -> str:
    """One crisis line as markdown: "**Region:** service, how to reach it"."""
    if line.link:
        return f"**{line.region}:** [{line.service}]({line.link}) {line.how}"
    return f"**{line.region}:** {line.service}, {line.how}"


def emergency_sentence() -> str:
    """"If you or someone else is in immediate danger, call ..." with every emergency number, in markdown."""
    numbers = ", ".join(f"**{number}** ({where})" for where, number in EMERGENCY_NUMBERS)
    return f"**{EMERGENCY_LEAD}**, call your emergency number: {numbers}."


def content_note_markdown(lesson) -> str:
    """The content note for lesson ``lesson`` (0 to 7): a markdown block quote, every line starting with ">"."""
    n = _lesson(lesson)
    lines = [f"**Content note.** {TOPICS[n]} If this brings something up for you, you can stop at any time and "
             "talk to someone now:", ""]
    lines += [f"* {line_markdown(line)}" for line in CRISIS_LINES]
    lines += ["", emergency_sentence(), "", f"**Help works.** {HOPE[n]}", "", DISCLAIMER]
    wrapped = []
    for line in lines:
        indent = "  " if line.startswith("* ") else ""
        wrapped += textwrap.wrap(line, width=_WIDTH, subsequent_indent=indent, break_on_hyphens=False,
                                 break_long_words=False) or [""]
    return "\n".join(f"> {line}".rstrip() for line in wrapped)


def check_in_markdown() -> str:
    """The mid-lesson check-in ("take a break; the lines are at the top"), as a markdown block quote."""
    return CHECK_IN


def inline_html(text: str) -> str:
    """The few inline marks the notice uses (**bold**, [text](link)) as HTML, everything else escaped."""
    out = html.escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r'<a href="\2">\1</a>', out)


def help_bar_html() -> str:
    """A short, always-visible help bar for the static pages and the Voila app (same lines as the note)."""
    items = "".join(f"<li>{inline_html(line_markdown(line))}</li>" for line in CRISIS_LINES)
    return ('<aside class="kit-help" aria-label="Where to get help now">'
            "<p><strong>Need to talk now?</strong> These free lines can help:</p>"
            f"<ul>{items}</ul>"
            f"<p>{inline_html(emergency_sentence())}</p>"
            f"<p>{inline_html(DISCLAIMER)}</p></aside>")
