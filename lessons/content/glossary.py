"""The kit's vocabulary, defined once and used by every lesson and by the package."""

GLOSSARY = {
    "prevalence": "The share of the people screened who truly need help (have the condition).",
    "flagged": "The AI (or clinician) says this person needs help: a positive call.",
    "threshold": "The cut-off on a risk score: people scoring at or above it are flagged. "
                 "Lowering it flags more people: fewer are missed, more false alarms.",
    "correctly flagged": "Needs help and is flagged (a true positive, TP).",
    "missed": "Needs help but is not flagged (a false negative, FN). In triage: undertriage.",
    "false alarm": "Does not need help but is flagged (a false positive, FP). Overtriage is the share of flags "
                   "that are false alarms.",
    "correctly cleared": "Does not need help and is not flagged (a true negative, TN).",
    "sensitivity": "Of those who need help, the share flagged: TP / (TP + FN).",
    "specificity": "Of those who do not need help, the share not flagged: TN / (TN + FP).",
    "PPV": "Positive predictive value. Of those flagged, how many need help: TP / (TP + FP). "
           "Undefined when nobody is flagged.",
    "NPV": "Negative predictive value. Of those not flagged, how many do not need help: TN / (TN + FN).",
    "accuracy": "The share of all calls that are right: (TP + TN) / everyone. "
                "When few people need help, a tool that flags nobody still looks accurate.",
    "undertriage": "1 - sensitivity: the share of people in need who are missed or sent to a lower urgency.",
    "overtriage": "1 - PPV: of those flagged, the share who did not need it. The kit measures it as Rehn et al. "
                  "(2009) define it and compares it with the trauma-care target of under 50% reported by Mohan et "
                  "al. (2011): the kit pairs Mohan's target with Rehn's definition. Not the over-urgent share.",
    "over-urgent share": "Of the people at one true urgency level, the share sent to a more urgent level than they "
                         "need (for two levels, 1 - specificity). Field triage calls this overtriage too, counting "
                         "people with minor injuries taken to a trauma centre among everyone with minor injuries "
                         "(Newgard et al., 2013, read the 50% target as specificity of at least 50%); the kit "
                         "gives it its own name so that overtriage keeps one meaning.",
    "ROC curve": "Sensitivity against false-alarm rate (1 - specificity) as the threshold moves.",
    "AUC": "Area under the ROC curve: the chance that a random person in need scores higher than a "
           "random person not in need (0.5 is a coin toss, 1 is perfect).",
    "automation bias": "Following an automated suggestion even when it is wrong.",
    "dataset shift": "The people a model is used on differ from those it was trained on, so it performs worse.",
    "natural frequencies": "Counts of people (\"88 of 100\") instead of percentages; easier to reason with.",
    "base rate": "Another name for prevalence: how common the need is among the people screened, before any test. "
                 "Forgetting it (base-rate neglect) is why a sensitive tool's flags can still be mostly false alarms.",
    "balanced accuracy": "The average of sensitivity and specificity. Unlike accuracy it is not flattered by a rare "
                         "condition, but like AUC it ignores prevalence, so it says nothing about PPV.",
    "alert fatigue": "Ignoring or overriding a tool's flags, right ones included, because there are too many of them.",
    "drift": "A slow change after launch (in the people, the records or the score) that makes a tool's rates move "
             "month by month while its threshold stays the same.",
    "control chart": "A chart of a monthly rate (for example the audited miss rate) with a limit drawn from the "
                     "launch rate; a point above the limit raises an alarm to investigate.",
    "fail-open": "When the tool breaks, everyone is flagged (sent to a human): during the outage nobody in need is "
                 "missed, but false alarms flood the queue.",
    "fail-closed": "When the tool breaks, nobody is flagged: the queue looks quiet while people in need are "
                   "missed.",
    "illustrative": "A number chosen for teaching, not taken from a study. The kit labels every such number.",
}


def glossary_markdown() -> str:
    """The glossary as a markdown definition table."""
    rows = ["| term | meaning |", "| --- | --- |"]
    rows += [f"| **{term}** | {meaning} |" for term, meaning in GLOSSARY.items()]
    return "\n".join(rows)
