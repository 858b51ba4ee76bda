"""Text knowledge shared by several stages, declared once.

* :mod:`.timex` -- a TIMEX3 value (``2023-11``, ``2023-W47``, ``198`` ...) as a calendar interval,
  and its position (past / around / future) relative to a publication date; used by
  ``dates.focus`` and ``framing.temporal``.
* :mod:`.arabic` -- the Arabic letter-folding table (``resources/text/arabic.yaml``), used by
  quotes, dates and framing.

Script direction lives in :mod:`framelab.display` (``is_right_to_left``). Nothing here imports a
stage, stanza or torch.
"""
