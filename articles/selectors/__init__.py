"""Shared reads: the querysets pages, admin and API use, with their joins decided once.

Each selector names the N+1 it prevents, so a list's query count stays flat as rows grow.
What each reader may see is decided in one place, ``visibility``, which every selector here
starts from (its docstring holds the policy as a table).
"""

from .articles import article_detail, articles_for_list
from .claims import claim_detail, claims_for_list, claims_for_rows
from .figures import figure_detail, figures_for_list, figures_for_rows
from .flags import flags_for_list
from .visibility import can_see_drafts

__all__ = [
    "article_detail",
    "articles_for_list",
    "can_see_drafts",
    "claim_detail",
    "claims_for_list",
    "claims_for_rows",
    "figure_detail",
    "figures_for_list",
    "figures_for_rows",
    "flags_for_list",
]
