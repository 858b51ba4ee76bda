"""Framing statistics: who speaks and how, frames and contested terms, temporal focus, actor
roles, and how outlets (or any grouping) differ -- with honest uncertainty.

Public API::

    from framelab.framing import run_framing_files, write_outputs
    result = run_framing_files(clean, quotes, timexes, tokens_dir, params)
    write_outputs(result, "data/processed/framing", "reports/metrics/framing.json",
                  "reports/plots/framing_share_of_voice.csv")

Building blocks: :mod:`.codebooks` (load/validate), :mod:`.matching` (vectorised term matcher),
:mod:`.voice`, :mod:`.frames`, :mod:`.contested` (optional codebook), :mod:`.temporal`, :mod:`.roles`, :mod:`.lexical`, :mod:`.stats`.
"""

from .codebooks import (
    ActorCodebook,
    CodebookWarning,
    FrameCodebook,
    load_actor_codebook,
    load_frame_codebook,
)
from .contested import ContestedCodebook, contested_usage, load_contested_codebook
from .frames import PresenceRule, article_frame_rates, cue_term_evidence, find_hits
from .params import FramingParams
from .pipeline import (
    TABLES,
    FramingResult,
    framing_params,
    load_codebooks,
    load_contested,
    plot_tables,
    presence_rule,
    run_framing,
    run_framing_files,
    write_outputs,
)
from .stats import (
    benjamini_hochberg,
    bootstrap_ratio_intervals,
    fightin_words,
    keyness,
    wilson_interval,
)

__all__ = [
    "FramingParams",
    "TABLES",
    "ActorCodebook",
    "CodebookWarning",
    "ContestedCodebook",
    "FrameCodebook",
    "FramingResult",
    "PresenceRule",
    "article_frame_rates",
    "contested_usage",
    "cue_term_evidence",
    "find_hits",
    "benjamini_hochberg",
    "bootstrap_ratio_intervals",
    "fightin_words",
    "framing_params",
    "presence_rule",
    "keyness",
    "load_actor_codebook",
    "load_codebooks",
    "load_contested",
    "load_contested_codebook",
    "load_frame_codebook",
    "plot_tables",
    "run_framing",
    "run_framing_files",
    "wilson_interval",
    "write_outputs",
]
