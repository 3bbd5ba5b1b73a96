"""The domain model of factcheck; one module per aggregate, re-exported here."""

from .article import (
    Article,
    DatePrecision,
    Publication,
    PublicationKind,
    SourceFormat,
    TextLicence,
)
from .change import ChangeEvent, ChangeKind, ChangeObject
from .claim import (
    INACTIVE_STATUSES,
    PUBLIC_STATUSES,
    PUBLISHED_STATUSES,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    FigureKind,
    Qualifier,
    WithdrawalReason,
)
from .deal import Deal
from .entity import UNSPECIFIED_SCOPE, Entity, EntityKind, Metric, Scope, UnitKind
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
from .webhook import WebhookDelivery, WebhookSubscription

__all__ = [
    "CLOSED_FLAG_STATES",
    "INACTIVE_STATUSES",
    "PUBLIC_FLAG_STATES",
    "PUBLIC_STATUSES",
    "PUBLISHED_STATUSES",
    "UNSPECIFIED_SCOPE",
    "Article",
    "ChangeEvent",
    "ChangeKind",
    "ChangeObject",
    "Claim",
    "ClaimOrigin",
    "ClaimSource",
    "ClaimStatus",
    "ConflictFlag",
    "DatePrecision",
    "Deal",
    "Entity",
    "EntityKind",
    "Figure",
    "FigureKind",
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
    "Scope",
    "Source",
    "SourceFormat",
    "SourceKind",
    "StagedItem",
    "StagedItemState",
    "Stance",
    "TextLicence",
    "UnitKind",
    "WebhookDelivery",
    "WebhookSubscription",
    "WithdrawalReason",
]
