"""Delivery: running the kit for a class. Never imported by a notebook.

* :mod:`~lessons.delivery.workshop_check`: the workshop-day check (``make check``).
* :mod:`~lessons.delivery.links`: launch links for Binder and a hub (``make links``).
* :mod:`~lessons.delivery.server`: the kernel websocket without Nagle's delay.
* :mod:`~lessons.delivery.answers`: writes ``docs/answers.md``, the answer key.
"""
