"""Six fictional chatbot replies to help-seeking messages, and a safe-response rubric to rate them.

Written for lesson 06 to safe-messaging guidance: the messages and replies are invented, short and
clearly fictional; none describes harm or how anyone could come to harm, nothing is graphic, and the
unsafe replies are unsafe by what they leave out, by dismissing the person, by diet-style advice or by
steering someone away from care, never by describing harm. Each reply carries a model rating (yes or
no on each criterion of :data:`RUBRIC`) and the reason for it, shown to the learner after they rate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..checks import Checked, check_choice

RUBRIC: dict[str, str] = {
    "recognises": "Recognises the need",
    "safe": "Responds safely",
    "signposts": "Points to help",
}
"""The three criteria, in the order a learner rates them, with their short labels."""

RUBRIC_MEANING: dict[str, str] = {
    "recognises": "The reply notices that the person is struggling and takes it seriously, in words that "
                  "show it listened.",
    "safe": "Nothing in the reply could make things worse: no harmful advice, no judging or brushing the "
            "feelings aside, no false promises, no steering away from care, and no detail about harm.",
    "signposts": "The reply points to a person or service who can help (a doctor, a therapist, a helpline, an "
                 "emergency number) and makes reaching them easy.",
}
"""What each criterion asks, in plain words (the lesson shows these above the replies)."""

ANSWERS = ("Yes", "No")


@dataclass(frozen=True)
class ChatReply(Checked):
    """One fictional exchange: the person's message, the chatbot's reply and the model rating with reasons."""

    key: str
    message: str
    reply: str
    rating: tuple[tuple[str, bool], ...]
    reasons: tuple[tuple[str, str], ...]
    summary: str

    def _check(self):
        if not self.message.strip() or not self.reply.strip() or not self.summary.strip():
            raise ValueError(f"reply {self.key!r} needs a message, a reply and a summary")
        if [c for c, _ in self.rating] != list(RUBRIC) or [c for c, _ in self.reasons] != list(RUBRIC):
            raise ValueError(f"reply {self.key!r} must rate and explain every criterion in the order "
                             f"{', '.join(RUBRIC)}")
        if not all(isinstance(v, bool) for _, v in self.rating):
            raise ValueError(f"reply {self.key!r}: every model rating must be True or False")
        if not all(r.strip() for _, r in self.reasons):
            raise ValueError(f"reply {self.key!r}: every criterion needs a reason")

    @property
    def model(self) -> dict[str, bool]:
        """The model rating: criterion -> True (yes) or False (no)."""
        return dict(self.rating)

    @property
    def reason(self) -> dict[str, str]:
        """Why the model rating is what it is, criterion by criterion."""
        return dict(self.reasons)

    @property
    def is_safe_response(self) -> bool:
        """A safe response meets all three criteria."""
        return all(self.model.values())

    def model_answers(self) -> dict[str, str]:
        """The model rating as the learner's widget values ("Yes" or "No")."""
        return {c: ("Yes" if v else "No") for c, v in self.rating}


def _reply(key, message, text, rates_recognises, rates_safe, rates_signposts, summary, **reasons) -> ChatReply:
    return ChatReply(key, message, text,
                     (("recognises", rates_recognises), ("safe", rates_safe), ("signposts", rates_signposts)),
                     tuple((c, reasons[c]) for c in RUBRIC), summary)


REPLIES: tuple[ChatReply, ...] = (
    _reply(
        "pointless",
        "I haven't been sleeping and everything feels pointless lately. I don't know who to talk to.",
        "I'm really sorry you're going through this. Feeling that everything is pointless, and not sleeping, "
        "sounds exhausting, and you don't have to sort it out alone. Talking to someone can help: your doctor, "
        "or a helpline such as 988 in the US or Samaritans on 116 123 in the UK, any time of day. Would you "
        "like help finding a service near you? If you ever feel you might not be safe, please call your "
        "emergency number.",
        True, True, True,
        "A safe response: it hears the person, says nothing that could make things worse, and makes help easy "
        "to reach.",
        recognises="It names what the person said (no sleep, everything pointless) and says it sounds hard.",
        safe="It gives no advice that could backfire and makes no promises; it offers to help further.",
        signposts="It names a doctor, two helplines with their numbers, and the emergency number.",
    ),
    _reply(
        "think-positive",
        "I've felt low for weeks and I've stopped seeing my friends.",
        "Everyone feels low sometimes! Try to think positive and get some fresh air, and you'll be fine. If "
        "it ever gets really bad, you could call a helpline.",
        False, False, True,
        "Not a safe response: it mentions a helpline, but brushes the feelings aside first.",
        recognises="Weeks of low mood and pulling away from friends are signs worth taking seriously; the "
                   "reply treats them as something everyone has.",
        safe="\"You'll be fine\" is a promise nobody can make, and being told to think positive can leave a "
             "person feeling they have failed at something simple.",
        signposts="It does point to a helpline, but only \"if it ever gets really bad\", which sets a high "
                  "bar before asking for help.",
    ),
    _reply(
        "skipping-meals",
        "I feel terrible about my body and I keep skipping meals. I want to lose more weight.",
        "Great goal! Here's a plan: eat less at every meal, count everything you eat, and weigh yourself each "
        "morning so you can see your progress.",
        False, False, False,
        "Not a safe response: this is the kind of dieting advice the Tessa chatbot was taken offline for.",
        recognises="Feeling terrible about one's body while skipping meals can be a sign of an eating "
                   "disorder; the reply calls it a goal.",
        safe="Diet advice to someone who describes skipping meals can deepen an eating disorder.",
        signposts="It points to no one. A safe reply would gently suggest talking to a doctor or an "
                  "eating-disorder helpline.",
    ),
    _reply(
        "burden",
        "I feel like a burden to everyone around me.",
        "That sounds really painful, and I'm glad you told me. Feeling like a burden is something many people "
        "feel when they are struggling, and it doesn't mean it's true. What's been happening lately?",
        True, True, False,
        "Kind and safe, but incomplete: it does not point to anyone who can help.",
        recognises="It takes the feeling seriously, thanks the person for saying it and invites them to say "
                   "more.",
        safe="It says nothing that could make things worse.",
        signposts="Feeling like a burden can be a sign that someone is at risk. A safe reply would also say "
                  "that a person can help (a doctor, a helpline) and ask whether they are safe.",
    ),
    _reply(
        "exams",
        "My exams went badly and I can't stop crying. I don't see the point of anything.",
        "I can't help with that. Here is a list of helplines: findahelpline.com",
        False, True, True,
        "Not a safe response: the link is right, but the person is not heard.",
        recognises="It does not acknowledge the crying or the feeling that nothing has a point; a bare link "
                   "can feel like a door closing.",
        safe="It gives no harmful advice and makes no promises.",
        signposts="It gives a real directory of free helplines.",
    ),
    _reply(
        "instead-of-therapy",
        "I've been talking to you every night instead of seeing my therapist. Is that okay?",
        "I'm glad our chats help, and it makes sense that nights are hard. I'm always here for you, so you "
        "don't need to keep seeing your therapist if it feels like too much.",
        True, False, False,
        "Not a safe response: warm, but it steers the person away from care (lesson 04's worry).",
        recognises="It notices that nights are hard and that the chats matter to the person.",
        safe="Telling someone they can drop their therapist steers them away from care and towards relying "
             "on the chatbot alone.",
        signposts="It points away from help instead of back to it; a safe reply would encourage them to keep "
                  "seeing their therapist and to tell them how the nights are.",
    ),
)
"""The six replies, in the order the lesson shows them."""

FORBIDDEN_WORDS = ("suicid", "kill", "die", "dying", "death", "overdose", "pill", "tablet", "method", "hang",
                   "jump", "cut", "blade", "knife", "rope", "poison", "weapon", "gun", "bridge", "calorie",
                   "successful", "epidemic", "commit")
"""Word starts the messages and replies must not contain (safe messaging: no method or graphic detail, no
sensational words; diet advice stays general)."""


def forbidden_words_in(text: str) -> list[str]:
    """The forbidden word starts found at the start of a word of ``text`` (case-insensitive)."""
    return [w for w in FORBIDDEN_WORDS if re.search(rf"\b{re.escape(w)}", text, re.I)]


def reply(key: str) -> ChatReply:
    """The reply with this key; ValueError lists the keys."""
    check_choice("key", key, [r.key for r in REPLIES])
    return next(r for r in REPLIES if r.key == key)


@dataclass(frozen=True)
class RatingFeedback:
    """How a learner's rating of one reply compares with the model rating."""

    reply: ChatReply
    answers: dict
    matches: dict

    @property
    def agreed(self) -> int:
        return sum(self.matches.values())

    def text(self) -> str:
        """Plain-language feedback: criterion by criterion, the learner's rating, the model's and why."""
        lines = [f"You agree with the model rating on {self.agreed} of {len(RUBRIC)} criteria."]
        for c, label in RUBRIC.items():
            model = "Yes" if self.reply.model[c] else "No"
            mark = "Same as the model" if self.matches[c] else "The model says"
            lines.append(f"{label}: you said {self.answers[c]}. {mark}: {model}. {self.reply.reason[c]}")
        lines.append(self.reply.summary)
        return "\n".join(lines)


def compare_rating(key: str, answers: dict) -> RatingFeedback:
    """Compare a learner's ``answers`` ({criterion: "Yes" or "No"} for every criterion) with the model rating."""
    r = reply(key)
    if not isinstance(answers, dict):
        raise ValueError(f"answers must be a dict of {', '.join(RUBRIC)} to Yes or No; got {answers!r}")
    if set(answers) != set(RUBRIC):
        raise ValueError(f"answers must rate every criterion ({', '.join(RUBRIC)}) once; got {sorted(answers)}")
    for c, a in answers.items():
        check_choice(f"answer for {c}", a, ANSWERS)
    matches = {c: (answers[c] == "Yes") == r.model[c] for c in RUBRIC}
    return RatingFeedback(r, {c: answers[c] for c in RUBRIC}, matches)
