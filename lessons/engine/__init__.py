"""The engine: plain numpy, no notebook state. Importing it never imports a widget or plotting library.

Data flows one way:

* :mod:`~lessons.engine.scenario` (who is screened, how good the AI is: a binormal score model)
  -> :mod:`~lessons.engine.population` (simulated people) -> :mod:`~lessons.engine.metrics` (counts, rates).
* What the errors do to patients: :mod:`~lessons.engine.consequences` (care pathways),
  :mod:`~lessons.engine.capacity` (queues), :mod:`~lessons.engine.team` (clinician plus AI),
  :mod:`~lessons.engine.subgroups` (unequal errors), :mod:`~lessons.engine.chatbot` and
  :mod:`~lessons.engine.multilevel` (crisis hand-offs, urgency levels), :mod:`~lessons.engine.monitoring`
  (progress monitoring), :mod:`~lessons.engine.faults` (faults in use), :mod:`~lessons.engine.drift` and
  :mod:`~lessons.engine.audit` (drift, audits, control charts), :mod:`~lessons.engine.studies` (study spread).
* :mod:`~lessons.engine.stats`: the shared statistics helpers (normal tails and quantiles, binomial terms).
* :mod:`~lessons.engine.describe`: text twins and the phrase helpers every text twin uses.

No re-exports here, so the modules can import each other without cycles.
"""
