"""Self-check questions with immediate feedback.

A lesson module binds its questions (``q1 = Choice(...)``); the notebook shows
them with ``q1`` (a widget) or checks a typed answer with ``q1.check(answer)``.
After :data:`TRIES_BEFORE_ANSWER` wrong tries the widget offers a "Show answer"
button that gives the answer with its explanation (the static pages put the same
text in a collapsed block).
"""

from __future__ import annotations

import html
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

import ipywidgets as widgets

from ..checks import check_real
from .offline import Displayable, question_html

TRIES_BEFORE_ANSWER = 2
"""Wrong tries after which a learner may show the answer and its explanation."""


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str

    def __str__(self) -> str:
        return ("Correct. " if self.correct else "Not quite. ") + self.message


class Question(Displayable, ABC):
    prompt: str
    explanation: str

    @abstractmethod
    def check(self, answer) -> Feedback:
        """Feedback for an answer."""

    @abstractmethod
    def _input(self) -> widgets.Widget:
        """The widget a learner answers with."""

    @abstractmethod
    def answer_text(self) -> str:
        """The right answer in words."""

    def solution(self) -> str:
        """What "Show answer" says: the answer, then why."""
        return f"The answer: {self.answer_text()}. {self.explanation}"

    def widget(self) -> widgets.Widget:
        prompt = widgets.HTML(f"<p><strong>{html.escape(self.prompt)}</strong></p>")
        field = self._input()
        button = widgets.Button(description="Check answer", tooltip="Check your answer")
        show = widgets.Button(description="Show answer", tooltip="Show the answer and its explanation",
                              layout=widgets.Layout(display="none"))
        out = widgets.HTML()
        wrong = {"tries": 0}

        def on_click(_):
            fb = self.check(field.value)
            kind = "kit-correct" if fb.correct else "kit-incorrect"
            text = str(fb)
            if not fb.correct and field.value not in (None, ""):
                wrong["tries"] += 1
                if wrong["tries"] >= TRIES_BEFORE_ANSWER:
                    show.layout.display = None
                    text += " You can show the answer now, or try again."
            out.value = f'<p role="status" class="{kind}">{html.escape(text)}</p>'

        def on_show(_):
            out.value = f'<p role="status" class="kit-answer">{html.escape(self.solution())}</p>'

        button.on_click(on_click)
        show.on_click(on_show)
        box = widgets.VBox([prompt, field, widgets.HBox([button, show]), out])
        box.add_class("kit-quiz")
        box.check_button = button
        box.show_button = show
        box.feedback = out
        box.field = field
        return box

    def static_html(self) -> str:
        return question_html(self.prompt, getattr(self, "options", None), solution=self.solution())

    def live_widget(self):
        return self.widget()


class Choice(Question):
    """Pick one option; each wrong option can carry its own hint."""

    def __init__(self, prompt: str, options: list[str], answer: str, explanation: str,
                 hints: dict[str, str] | None = None):
        if answer not in options:
            raise ValueError(f"answer must be one of the options {options!r}; got {answer!r}")
        self.prompt, self.options, self.answer = prompt, list(options), answer
        self.explanation, self.hints = explanation, dict(hints or {})

    def check(self, answer) -> Feedback:
        if answer is None or answer == "":
            return Feedback(False, "Pick one of the options first.")
        if answer not in self.options:
            raise ValueError(f"answer must be one of {self.options!r}; got {answer!r}")
        if answer == self.answer:
            return Feedback(True, self.explanation)
        return Feedback(False, self.hints.get(answer, "Think again, then try another option."))

    def answer_text(self) -> str:
        return self.answer

    def _input(self):
        return widgets.RadioButtons(options=self.options, value=None, description="Your answer",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="max-content"))


class Numeric(Question):
    """Type a number; accepted within an absolute tolerance."""

    def __init__(self, prompt: str, answer: float, tolerance: float, explanation: str,
                 unit: str = "", hint: str = ""):
        self.prompt, self.answer = prompt, check_real("answer", answer)
        self.tolerance = check_real("tolerance", tolerance, low=0.0)
        self.explanation, self.unit, self.hint = explanation, unit, hint

    def check(self, answer) -> Feedback:
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return Feedback(False, "Type a number.")
        if math.isnan(value):
            return Feedback(False, "Type a number.")
        if abs(value - self.answer) <= self.tolerance:
            return Feedback(True, self.explanation)
        direction = "too high" if value > self.answer else "too low"
        return Feedback(False, f"That is {direction}. " + (self.hint or "Work through the counts again."))

    def answer_text(self) -> str:
        return f"{self.answer:g}" + (f" {self.unit}" if self.unit else "")

    def _input(self):
        return widgets.FloatText(value=0.0, description=f"Your answer{(' (' + self.unit + ')') if self.unit else ''}",
                                 style={"description_width": "initial"})


class Prediction(Displayable):
    """A "predict first" moment: the learner commits to a guess, then the model reveals the answer.

    ``reveal(guess)`` compares the guess with the computed ``truth`` and says how far off it was;
    there is no wrong guess, only a gap to notice.
    """

    def __init__(self, prompt: str, truth: float, unit: str = "", explain: str = "",
                 low: float = 0.0, high: float = 100.0, step: float = 1.0):
        self.prompt, self.truth, self.unit, self.explain = prompt, float(truth), unit, explain
        self.low, self.high, self.step = low, high, step

    def reveal(self, guess) -> str:
        guess = check_real("guess", guess, low=self.low, high=self.high)
        gap = guess - self.truth
        if abs(gap) <= max(self.step, 0.05 * (self.high - self.low)):
            verdict = "Very close."
        elif gap > 0:
            verdict = f"Your guess was {abs(gap):g}{self.unit} too high."
        else:
            verdict = f"Your guess was {abs(gap):g}{self.unit} too low."
        return (f"You guessed {guess:g}{self.unit}; the simulation gives {self.truth:g}{self.unit}. "
                f"{verdict} {self.explain}").strip()

    def widget(self) -> widgets.Widget:
        from .controls import NumberSlider

        slider = NumberSlider("Your prediction" + (f" ({self.unit})" if self.unit else ""),
                              self.low, self.low, self.high, self.step)
        button = widgets.Button(description="Reveal the answer", tooltip="Reveal the answer")
        out = widgets.HTML()

        def on_click(_):
            out.value = f'<p role="status">{html.escape(self.reveal(slider.value))}</p>'

        button.on_click(on_click)
        box = widgets.VBox([widgets.HTML(f"<p><strong>{html.escape(self.prompt)}</strong></p>"),
                            slider, button, out])
        box.add_class("kit-prediction")
        box.slider, box.button, box.feedback = slider, button, out
        return box

    def static_html(self) -> str:
        return question_html(self.prompt, solution=f"The simulation gives {self.truth:g}{self.unit}. "
                                                   f"{self.explain}".strip(),
                             summary="Reveal the answer")

    def live_widget(self):
        return self.widget()
