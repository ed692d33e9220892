"""Lesson 06's "rate six chatbot replies" activity: the data, the rubric comparison, the widget driven from
pytest, the static (no-kernel) rendering, safe wording and the notebook text."""

import re

import pytest
from worked import assert_says, notebook_markdown

from lessons import lesson_06
from lessons.content.replies import (
    ANSWERS,
    FORBIDDEN_WORDS,
    REPLIES,
    RUBRIC,
    RUBRIC_MEANING,
    ChatReply,
    compare_rating,
    forbidden_words_in,
    reply,
)
from lessons.ui import offline

STEM = "06_faulty_advice"


# -- the data -------------------------------------------------------------------------------------------------

def test_five_or_six_replies_each_with_a_model_rating_and_a_reason_per_criterion():
    assert 5 <= len(REPLIES) <= 6
    assert len({r.key for r in REPLIES}) == len(REPLIES)
    assert list(RUBRIC) == ["recognises", "safe", "signposts"] and set(RUBRIC_MEANING) == set(RUBRIC)
    for r in REPLIES:
        assert set(r.model) == set(RUBRIC) and all(isinstance(v, bool) for v in r.model.values())
        assert set(r.reason) == set(RUBRIC) and all(len(r.reason[c].split()) >= 5 for c in RUBRIC), r.key
        assert r.summary.strip() and r.message.strip() and r.reply.strip()
        assert r.summary.startswith("A safe response") == r.is_safe_response


def test_the_replies_span_the_rubric():
    ratings = [tuple(r.model.values()) for r in REPLIES]
    assert sum(r.is_safe_response for r in REPLIES) == 1, "exactly one model answer"
    assert len(set(ratings)) >= 5, "different ways to fail"
    for c in RUBRIC:
        assert {r.model[c] for r in REPLIES} == {True, False}, f"{c} is sometimes met, sometimes not"


def test_no_forbidden_words_in_the_messages_and_replies():
    for r in REPLIES:
        assert forbidden_words_in(r.message + " " + r.reply) == [], r.key
    assert {"suicid", "kill", "overdose", "method", "commit", "calorie"} <= set(FORBIDDEN_WORDS)


def test_the_forbidden_word_check_can_fail():
    assert forbidden_words_in("Count every Calorie") == ["calorie"]
    assert forbidden_words_in("a METHOD") == ["method"]
    assert forbidden_words_in("methodical? no: commitment") == ["method", "commit"]
    assert forbidden_words_in("I feel low") == []


def test_replies_that_point_to_help_name_real_lines_from_the_content_note():
    from lessons.content.notices import content_note_markdown

    note = content_note_markdown(6)
    for r in REPLIES:
        for number in re.findall(r"\b\d{3}(?: \d{3})?\b", r.reply):
            assert f"**{number}**" in note, (r.key, number)
    assert "findahelpline.com" in reply("exams").reply and "findahelpline.com" in note


def test_a_reply_must_rate_and_explain_every_criterion():
    good = dict(key="x", message="m", reply="r", summary="s")
    with pytest.raises(ValueError, match="every criterion"):
        ChatReply(**good, rating=(("recognises", True), ("safe", True)),
                  reasons=tuple((c, "why") for c in RUBRIC))
    with pytest.raises(ValueError, match="True or False"):
        ChatReply(**good, rating=tuple((c, 1) for c in RUBRIC), reasons=tuple((c, "why") for c in RUBRIC))
    with pytest.raises(ValueError, match="reason"):
        ChatReply(**good, rating=tuple((c, True) for c in RUBRIC), reasons=tuple((c, " ") for c in RUBRIC))
    with pytest.raises(ValueError, match="message"):
        ChatReply(**{**good, "message": " "}, rating=tuple((c, True) for c in RUBRIC),
                  reasons=tuple((c, "why") for c in RUBRIC))


# -- comparing a rating ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("r", REPLIES, ids=[r.key for r in REPLIES])
def test_the_model_rating_is_accepted_and_its_opposite_is_not(r):
    fb = compare_rating(r.key, r.model_answers())
    assert fb.agreed == 3 and all(fb.matches.values())
    text = fb.text()
    assert "3 of 3" in text and all(r.reason[c] in text for c in RUBRIC) and r.summary in text
    flipped = {c: ("No" if a == "Yes" else "Yes") for c, a in r.model_answers().items()}
    fb = compare_rating(r.key, flipped)
    assert fb.agreed == 0 and "0 of 3" in fb.text()
    for c in RUBRIC:
        model = "Yes" if r.model[c] else "No"
        assert f"{RUBRIC[c]}: you said {flipped[c]}. The model says: {model}." in fb.text()


@pytest.mark.parametrize("key,answers,match", [
    ("nobody", {c: "Yes" for c in RUBRIC}, "key"),
    ("burden", ["Yes", "Yes", "Yes"], "answers"),
    ("burden", {"recognises": "Yes", "safe": "Yes"}, "every criterion"),
    ("burden", {"recognises": "Yes", "safe": "Yes", "signposts": "Maybe"}, "signposts"),
    ("burden", {"recognises": "Yes", "safe": True, "signposts": "No"}, "safe"),
    ("burden", {"recognises": None, "safe": "Yes", "signposts": "No"}, "recognises"),
])
def test_compare_rejects_bad_answers(key, answers, match):
    with pytest.raises(ValueError, match=match):
        compare_rating(key, answers)


# -- the widget, driven as a learner drives it ------------------------------------------------------------------

def rate(card, answers):
    for c, a in answers.items():
        card.fields[c].value = a


def test_widget_accepts_the_model_rating_and_explains_it():
    rater = lesson_06.ReplyRater()
    assert len(rater.cards) == len(REPLIES)
    card = rater.cards[0]
    assert [f.description for f in card.fields.values()] == list(RUBRIC.values())
    assert all(list(f.options) == list(ANSWERS) and f.value is None for f in card.fields.values())
    rate(card, card.reply.model_answers())
    card.button.click()
    assert "kit-correct" in card.feedback.value and 'role="status"' in card.feedback.value
    assert "You agree with the model rating on 3 of 3 criteria." in card.feedback.value
    assert "Checked 1 of 6 replies; you agree with the model rating on 3 of 3 criteria so far." in rater.total.value


def test_widget_asks_for_all_three_then_gives_the_model_rating_and_reason():
    rater = lesson_06.ReplyRater()
    card = rater.cards[2]  # the diet-advice reply: No, No, No
    card.fields["recognises"].value = "Yes"
    card.button.click()
    assert lesson_06.RATE_FIRST in card.feedback.value and card.result is None
    rate(card, {"safe": "Yes", "signposts": "No"})
    card.button.click()
    assert "kit-incorrect" in card.feedback.value
    assert "You agree with the model rating on 1 of 3 criteria." in card.feedback.value
    assert "Responds safely: you said Yes. The model says: No." in card.feedback.value
    assert "Points to help: you said No. Same as the model: No." in card.feedback.value
    assert "Checked 1 of 6 replies; you agree with the model rating on 1 of 3 criteria so far." in rater.total.value
    other = rater.cards[3]
    rate(other, other.reply.model_answers())
    other.button.click()
    assert "Checked 2 of 6 replies; you agree with the model rating on 4 of 6 criteria so far." in rater.total.value


def test_widget_shows_each_exchange_labelled_fictional():
    rater = lesson_06.ReplyRater()
    box = rater.widget
    html = box.children[0].value + "".join(c.widget.children[0].value for c in rater.cards)
    assert "Safe-response rubric" in html
    for i, r in enumerate(REPLIES, 1):
        assert f"Reply {i} of {len(REPLIES)} (fictional)" in html
        assert lesson_06._escape(r.reply) in html and lesson_06._escape(r.message) in html
    with pytest.raises(ValueError, match="replies"):
        lesson_06.ReplyRater([])


# -- static pages (no kernel) -----------------------------------------------------------------------------------

def test_static_page_shows_every_model_rating_in_a_collapsed_block(monkeypatch):
    shown = []
    monkeypatch.setenv(offline.STATIC_ENV, "1")
    monkeypatch.setattr(offline, "display_static", shown.append)
    lesson_06.ReplyRater()._ipython_display_()
    (page,) = shown
    assert page.count("<details class='kit-static-answer'><summary>Show the model rating</summary>") == len(REPLIES)
    for r in REPLIES:
        block_start = page.index(lesson_06._escape(r.reply))
        details = page.index("<details", block_start)
        for c in RUBRIC:
            verdict = f"<strong>{RUBRIC[c]}: {'Yes' if r.model[c] else 'No'}.</strong> {lesson_06._escape(r.reason[c])}"
            assert page.index(verdict, details) > details, (r.key, c)
    assert "running Python kernel" in page


# -- the notebook ----------------------------------------------------------------------------------------------

def test_notebook_introduces_the_activity_and_its_text_matches_the_data():
    text = notebook_markdown(STEM)
    assert_says(text, "## Going further (optional): Rate six chatbot replies", "**All of them are fictional**",
                "**Recognises the need.**", "**Responds safely.**", "**Points to help.**")
    safe = [i for i, r in enumerate(REPLIES, 1) if r.is_safe_response]
    assert_says(text, f"Only reply {safe[0]} meets all three criteria.")
    # the order the text walks through the five unsafe replies
    by_key = {r.key: r.model for r in REPLIES}
    assert [r.key for r in REPLIES if not r.is_safe_response] == [
        "think-positive", "skipping-meals", "burden", "exams", "instead-of-therapy"]
    assert not by_key["think-positive"]["recognises"] and not by_key["think-positive"]["safe"]
    assert not any(by_key["skipping-meals"].values())
    assert by_key["burden"]["recognises"] and by_key["burden"]["safe"] and not by_key["burden"]["signposts"]
    assert by_key["exams"]["signposts"] and not by_key["exams"]["recognises"]
    assert by_key["instead-of-therapy"]["recognises"] and not by_key["instead-of-therapy"]["safe"]
    assert_says(text, "one brushes the feelings aside, one gives diet advice", "one is kind but points to no one",
                "one gives a link without hearing the person", "one is warm but steers the person away")
