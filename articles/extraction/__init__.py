"""Figure extraction: text in, money figures and counts out, with what they are about.

The pure core of flow 2 in DESIGN.md. It imports nothing from Django so that it can be
tested with thousands of cases and called from a command, a task or a notebook; the
service layer turns `FigureMention`s into suggested claims. Modules:

- `numbers`    digits, separators (per language), number words, scale words
- `currency`   symbols, codes and names -> ISO 4217
- `wordforms`  the words of Russian, Turkish and other languages of the region's press:
               scale words and currency names (from CLDR through Babel), number words,
               inflected entity names, metric cues, role verbs, as data
- `multilingual` amounts as those languages write them: spelled numbers before a scale,
               chains by falling scale, thousands grouped by spaces
- `mentions`   where amounts and counts are, with value, bounds and qualifier
- `sentences`  sentence offsets
- `scanning`   folded copy and word boundaries for fast regex scanning
- `lexicon`    entities, aliases, metric cues (the only place that names them)
- `context`    subject, counterparty, metric, period and attribution per figure
- `conversions` which figure restates the one before it in another currency
- `figures`    `FigureMention`, `extract_figures`, confidence
- `evaluation` scoring against annotated sentences, and the speed benchmark
"""

from .figures import FigureMention, extract_figures
from .lexicon import DEFAULT_LEXICON, Lexicon

__all__ = ["DEFAULT_LEXICON", "FigureMention", "Lexicon", "extract_figures"]
