"""The domain model of factcheck; one module per aggregate, re-exported here."""

from .article import (
    Article,
    DatePrecision,
    Publication,
    PublicationKind,
    SourceFormat,
    TextLicence,
)
from .claim import (
    INACTIVE_STATUSES,
    PUBLIC_STATUSES,
    PUBLISHED_STATUSES,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    Qualifier,
    WithdrawalReason,
)
from .entity import Entity, EntityKind, Metric, UnitKind
from .figure import (
    CLOSED_FLAG_STATES,
    PUBLIC_FLAG_STATES,
    ConflictFlag,
    Figure,
    FigureStatus,
    FlagKind,
    FlagState,
)
from .imports import (
    ImportIssue,
    ImportOrigin,
    ImportRun,
    ImportStatus,
    IssueSeverity,
    StagedItem,
    StagedItemState,
)
from .source import ClaimSource, Source, SourceKind, Stance

__all__ = [
    "CLOSED_FLAG_STATES",
    "INACTIVE_STATUSES",
    "PUBLIC_FLAG_STATES",
    "PUBLIC_STATUSES",
    "PUBLISHED_STATUSES",
    "Article",
    "Claim",
    "ClaimOrigin",
    "ClaimSource",
    "ClaimStatus",
    "ConflictFlag",
    "DatePrecision",
    "Entity",
    "EntityKind",
    "Figure",
    "FigureStatus",
    "FlagKind",
    "FlagState",
    "ImportIssue",
    "ImportOrigin",
    "ImportRun",
    "ImportStatus",
    "IssueSeverity",
    "Metric",
    "Publication",
    "PublicationKind",
    "Qualifier",
    "Source",
    "SourceFormat",
    "SourceKind",
    "StagedItem",
    "StagedItemState",
    "Stance",
    "TextLicence",
    "UnitKind",
    "WithdrawalReason",
]
