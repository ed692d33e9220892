"""Content: what the kit cites and says everywhere. Plain data; imports only :mod:`lessons.checks`.

* :mod:`~lessons.content.sources`: every reference the kit cites, with its key and link.
* :mod:`~lessons.content.presets`: operating points taken from published studies (or labelled illustrative).
* :mod:`~lessons.content.glossary`: the kit's terms, one meaning each.
* :mod:`~lessons.content.notices`: the content note (crisis lines, emergency numbers) and the disclaimer,
  defined once and used by every notebook, static page and the app mode.
"""
