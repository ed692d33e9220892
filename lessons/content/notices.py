"""Text every lesson shares: the content note with crisis lines, and the disclaimer."""

CRISIS_LINES = (
    ("United States", "call or text 988 (988 Suicide & Crisis Lifeline)"),
    ("United Kingdom and Ireland", "Samaritans, 116 123"),
    ("Australia", "Lifeline, 13 11 14"),
    ("Anywhere else", "findahelpline.com lists free helplines by country"),
)

DISCLAIMER = "This kit is for education. It is not clinical advice and not a clinical tool."
