"""The reconciler: group claims into figures and raise, update or close conflict flags.

Everything is set-based. Figures are found with one ``SELECT DISTINCT`` over the claim keys,
claims are moved into them with one ``UPDATE ... FROM``, and each rule is one grouped query:

- ``value_mismatch``: per figure, every claim becomes an interval (exact: a point;
  "about": ± the tolerance; "at least": up to infinity; ranges as given). In one dimension
  a set of intervals has a common point exactly when every pair overlaps, so a figure
  conflicts when ``MAX(low) > MIN(high) * (1 + tolerance)``;
- ``unit_mismatch``: per subject, metric and period, ``COUNT(DISTINCT unit) > 1``;
- ``period_reuse`` and ``metric_confusion``: the claims with a value are read once, ordered
  by value, and cut into clusters whose values all lie within the same-value tolerance of
  the cluster's smallest; a cluster reuses a period when ``min(period_end) <
  max(period_start)`` (two of its periods do not overlap) and confuses metrics when it
  holds more than one metric.

Each query aggregates the claims it found into one text per group (id and every value the
flag depends on), so deciding whether a flag changed needs no claim loaded: a flag's
``key`` says what it is about, so re-running never duplicates it; its ``signature`` digests
those texts, so a flag a reviewer closed reopens only when its claims changed.

A full run checks everything. After an edit only the keys the claim left and entered are
re-checked (``keys=``): their figures, and the value clusters of their subject and metric.
Runs hold one lock (an advisory lock on PostgreSQL; SQLite transactions begin IMMEDIATE and
serialise writers) so two reconcilers at once leave exactly what one would.

The cut is one ordered pass (the claims arrive sorted from the database), linear in the
number of claims. We wrote this ourselves because no library evaluates such rules.
"""

# SQL here is assembled from table names and constants only; every value is a parameter.
# ruff: noqa: S608
from __future__ import annotations

import datetime
import hashlib
import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import (
    CLOSED_FLAG_STATES,
    INACTIVE_STATUSES,
    PUBLIC_FLAG_STATES,
    Claim,
    ConflictFlag,
    Entity,
    Figure,
    FigureStatus,
    FlagKind,
    FlagState,
    Metric,
)

from . import flag_text
from .bulk_insert import insert_with_history
from .flag_publish import flags_publish

# Any constant will do: it names "the reconciler" among advisory locks.
RECONCILE_LOCK_ID = 7_301_946_001
AUTO_RESOLVED_NOTE = flag_text.AUTO_RESOLVED_NOTE
# Separates one claim's text from the next inside an aggregated string.
ENTRY_SEPARATOR = "\x1e"


@dataclass(frozen=True)
class ClaimKey:
    """Where a claim sits for the rules: its figure key, parts of which may be missing."""

    subject_id: int | None
    metric_id: int | None
    unit: str
    period_start: int | None
    period_end: int | None

    @classmethod
    def of(cls, claim: Claim) -> ClaimKey:
        return cls(
            claim.subject_id, claim.metric_id, claim.key_unit, claim.period_start, claim.period_end
        )

    def as_list(self) -> list[Any]:
        return [self.subject_id, self.metric_id, self.unit, self.period_start, self.period_end]

    @property
    def relevant(self) -> bool:
        """A key without subject, metric or unit takes part in no rule."""
        return bool(self.subject_id and self.metric_id and self.unit)


@dataclass
class ReconcileOutcome:
    figures_created: int = 0
    claims_placed: int = 0
    claims_unplaced: int = 0
    flags_opened: int = 0
    flags_updated: int = 0
    flags_reopened: int = 0
    flags_closed: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    # Figures whose claims or flags changed (touched once, at the end of the run) and the
    # ones this run created (new already, nothing to touch).
    touched_figures: set[int] = field(default_factory=set)
    new_figures: set[int] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        return {
            "figures_created": self.figures_created,
            "claims_placed": self.claims_placed,
            "claims_unplaced": self.claims_unplaced,
            "flags_opened": self.flags_opened,
            "flags_updated": self.flags_updated,
            "flags_reopened": self.flags_reopened,
            "flags_closed": self.flags_closed,
        }


@dataclass(frozen=True)
class Group:
    """What one rule found: a flag's kind and key and the claims under it, as text."""

    kind: str
    key: str
    subject_id: int
    metric_id: int | None
    figure_id: int | None
    states: dict[str, str]

    @property
    def snapshot(self) -> dict[str, str]:
        """Claim id -> a short digest of its state: enough to say later which one changed."""
        return {
            pk: hashlib.blake2b(state.encode(), digest_size=6).hexdigest()
            for pk, state in self.states.items()
        }

    @property
    def signature(self) -> str:
        return hashlib.sha256(json.dumps(self.states, sort_keys=True).encode()).hexdigest()

    @property
    def claim_ids(self) -> list[int]:
        return sorted(int(pk) for pk in self.states)


# --- SQL building blocks --------------------------------------------------------------------


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def unit_sql(c: str = "c") -> str:
    """A claim's figure unit: its currency for money, else the counted noun."""
    return f"(CASE WHEN {c}.currency <> '' THEN {c}.currency ELSE {c}.unit END)"


UNIT = unit_sql()
# Rejected suggestions and withdrawn claims take part in no figure. The statuses are the
# enum's own values (fixed identifiers, never user input), quoted as SQL string literals.
_INACTIVE = ", ".join(f"'{status.value}'" for status in INACTIVE_STATUSES)
ACTIVE = f"c.status NOT IN ({_INACTIVE}) AND c.subject_id IS NOT NULL AND c.metric_id IS NOT NULL"
PLACED = (
    f"{ACTIVE} AND c.period_start IS NOT NULL AND c.period_end IS NOT NULL "
    "AND (c.currency <> '' OR c.unit <> '')"
)
# What a flag depends on of each claim, as text; with the claim's id in front for aggregates.
STATE_VALUES = (
    "COALESCE(CAST(c.value AS TEXT), '') || '|' || "
    "COALESCE(CAST(c.low AS TEXT), '') || '|' || COALESCE(CAST(c.high AS TEXT), '') || '|' || "
    f"c.qualifier || '|' || {UNIT} || '|' || CAST(c.metric_id AS TEXT) || '|' || "
    "COALESCE(CAST(c.period_start AS TEXT), '') || '|' || "
    "COALESCE(CAST(c.period_end AS TEXT), '') || '|' || CAST(c.article_id AS TEXT)"
)
STATE = f"CAST(c.id AS TEXT) || '|' || {STATE_VALUES}"
STATE_FIELDS = ("value", "low", "high", "qualifier", "unit", "metric", "start", "end", "article")


def _aggregate(expression: str) -> str:
    if connection.vendor == "postgresql":
        return f"string_agg({expression}, %s)"
    return f"group_concat({expression}, %s)"


class Scope:
    """Which claims a run looks at: all of them, or those near some claim keys."""

    def __init__(self, keys: Iterable[ClaimKey] | None) -> None:
        self.everything = keys is None
        self.keys = sorted(
            {k for k in keys or () if k.relevant}, key=lambda k: k.as_list().__str__()
        )
        self._figure_ids: set[int] | None = None

    @property
    def empty(self) -> bool:
        return not self.everything and not self.keys

    def where(self, level: str) -> tuple[str, list[Any]]:
        """A SQL condition on claims ``c`` at one of the rule levels (key parts to match)."""
        if self.everything:
            return "", []
        columns = {
            "key": ("subject_id", "metric_id", "unit", "period_start", "period_end"),
            "period": ("subject_id", "metric_id", "period_start", "period_end"),
            "subject_metric_unit": ("subject_id", "metric_id", "unit"),
            "subject_unit": ("subject_id", "unit"),
        }[level]
        clauses, params = [], []
        seen = set()
        for key in self.keys:
            values = tuple(getattr(key, column) for column in columns)
            if values in seen or None in values:
                continue
            seen.add(values)
            parts = [f"{UNIT} = %s" if col == "unit" else f"c.{col} = %s" for col in columns]
            clauses.append("(" + " AND ".join(parts) + ")")
            params.extend(values)
        if not clauses:
            return " AND 1 = 0", []
        return " AND (" + " OR ".join(clauses) + ")", params

    def figure_ids(self) -> set[int]:
        """The figures of the run's keys, read once: after placing, the run adds none."""
        if self._figure_ids is None:
            self._figure_ids = self._read_figure_ids()
        return self._figure_ids

    def _read_figure_ids(self) -> set[int]:
        match = Q(pk__in=[])
        for key in self.keys:
            if key.period_start is not None and key.period_end is not None:
                match |= Q(
                    subject_id=key.subject_id,
                    metric_id=key.metric_id,
                    unit=key.unit,
                    period_start=key.period_start,
                    period_end=key.period_end,
                )
        return set(Figure.objects.filter(match).values_list("pk", flat=True))

    def flags(self) -> Q:
        """The existing flags a keyed run is responsible for."""
        condition = Q(pk__in=[])
        for key in self.keys:
            subject, metric, unit = key.subject_id, key.metric_id, key.unit
            condition |= Q(key__startswith=f"{FlagKind.PERIOD_REUSE}:{subject}:{metric}:{unit}:")
            condition |= Q(key__startswith=f"{FlagKind.METRIC_CONFUSION}:{subject}:{unit}:")
            if key.period_start is not None and key.period_end is not None:
                condition |= Q(
                    key=f"{FlagKind.UNIT_MISMATCH}:{subject}:{metric}:"
                    f"{key.period_start}-{key.period_end}"
                )
        figures = self.figure_ids()
        return condition | Q(key__in=[f"{FlagKind.VALUE_MISMATCH}:figure:{pk}" for pk in figures])


# --- The run --------------------------------------------------------------------------------


def figures_reconcile(*, keys: Iterable[ClaimKey] | None = None) -> ReconcileOutcome:
    """Re-check everything (``keys=None``) or only what claims with these keys touch."""
    scope = Scope(keys)
    outcome = ReconcileOutcome()
    if scope.empty:
        return outcome
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        outcome.timings[name] = round(now - clock, 4)
        clock = now

    with transaction.atomic():
        _take_lock(full=scope.everything)
        lap("lock")
        moves = _place_claims(scope, outcome)
        lap("place")
        desired = _evaluate_rules(scope)
        lap("rules")
        # Nothing before the flags are written reads which figure a claim is in (the rules
        # group claims by key), so the claims can move while the flags are being described.
        _apply_flags(desired, scope, outcome, _ClaimMoves(moves, outcome, scope.everything))
        lap("flags")
        touch_figures(outcome.touched_figures - outcome.new_figures)
        _remove_empty_open_figures(scope)
        if scope.everything:
            # Public sentences follow claims entering or leaving the public record, which a
            # reconcile never causes; a full run rewrites them anyway, so a restored or
            # migrated record needs nothing more than one run to be whole.
            flags_publish(
                flag_ids=ConflictFlag.objects.filter(state__in=PUBLIC_FLAG_STATES).values_list(
                    "pk", flat=True
                )
            )
        lap("cleanup")
    return outcome


def _take_lock(*, full: bool = False) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RECONCILE_LOCK_ID])
            if full:
                # Everything a full run writes is derived from the claims and is written again
                # by the next run, so it need not wait for its WAL to reach the disk: a crash
                # can lose at most this run, never corrupt anything.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _run(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- Grouping -------------------------------------------------------------------------------


def _place_claims(scope: Scope, outcome: ReconcileOutcome) -> list[tuple[str, list[Any]]]:
    """Create the figures claims need; return the statements that move claims into them."""
    claim, figure = _table(Claim), _table(Figure)
    where, params = scope.where("key")
    keys = {
        tuple(row)
        for row in _run(
            f"SELECT DISTINCT c.subject_id, c.metric_id, c.period_start, c.period_end, {UNIT} "
            f"FROM {claim} c WHERE {PLACED}{where}",
            params,
        )
    }
    existing = Figure.objects.all()
    if not scope.everything:
        existing = existing.filter(subject_id__in={k[0] for k in keys} or [0])
    missing = sorted(
        keys
        - set(existing.values_list("subject_id", "metric_id", "period_start", "period_end", "unit"))
    )
    if missing:
        created = insert_with_history(
            Figure,
            [
                Figure(subject_id=s, metric_id=m, period_start=ps, period_end=pe, unit=u)
                for s, m, ps, pe, u in missing
            ],
            change_reason="created by the reconciler",
        )
        outcome.new_figures.update(f.pk for f in created if f.pk)
    outcome.figures_created = len(missing)
    moving = (
        f"FROM {claim} c JOIN {figure} f ON f.subject_id = c.subject_id "
        "AND f.metric_id = c.metric_id AND f.period_start = c.period_start "
        f"AND f.period_end = c.period_end AND f.unit = {UNIT} WHERE {PLACED}{where} "
        "AND (c.figure_id IS NULL OR c.figure_id <> f.id)"
    )
    figures_where, figures_params = _figures_of_keys(scope)
    leaving = f"FROM {claim} c WHERE c.figure_id IS NOT NULL AND NOT ({PLACED}){figures_where}"
    # Figures that gain or lose a claim changed for readers (and for updated_since).
    touched = {
        pk
        for row in _run(f"SELECT DISTINCT c.figure_id, f.id {moving}", params)
        for pk in row
        if pk is not None
    }
    touched |= {row[0] for row in _run(f"SELECT DISTINCT c.figure_id {leaving}", figures_params)}
    outcome.touched_figures |= touched
    now = timezone.now()
    return [
        # One join instead of a lookup per row (PostgreSQL, and SQLite since 3.33); rows
        # already in the right figure are not rewritten. The claim's figure is part of what
        # readers see of it, so its updated_at moves too (not its history: nobody edited it).
        (
            f"UPDATE {claim} AS c SET figure_id = f.id, updated_at = %s FROM {figure} AS f "
            "WHERE f.subject_id = c.subject_id AND f.metric_id = c.metric_id "
            "AND f.period_start = c.period_start AND f.period_end = c.period_end "
            f"AND f.unit = {UNIT} AND {PLACED}{where} "
            "AND (c.figure_id IS NULL OR c.figure_id <> f.id)",
            [now, *params],
        ),
        # Claims that lost part of their key, or were rejected, leave their figure.
        (
            f"UPDATE {claim} AS c SET figure_id = NULL, updated_at = %s "
            f"WHERE c.figure_id IS NOT NULL AND NOT ({PLACED}){figures_where}",
            [now, *figures_params],
        ),
    ]


class _ClaimMoves:
    """Runs the statements that move claims, in the background of a full run.

    On PostgreSQL a full run moves every claim in one long UPDATE that keeps the database
    busy and this process idle, while describing thousands of flags keeps this process busy
    and the database idle. Within this context the UPDATE runs in a thread on the same
    connection and transaction (psycopg serialises any other use of the connection, so
    nothing can interleave), and the body must only compute. Elsewhere, and for keyed runs,
    the statements simply run first.
    """

    def __init__(
        self,
        statements: list[tuple[str, list[Any]]],
        outcome: ReconcileOutcome,
        background: bool,
    ) -> None:
        self.statements = statements
        self.outcome = outcome
        self.background = background and connection.vendor == "postgresql"
        self.thread: threading.Thread | None = None
        self.counts: list[int] = []
        self.error: BaseException | None = None

    def __enter__(self) -> _ClaimMoves:
        if not self.background:
            with connection.cursor() as cursor:
                self._run(cursor)
            return self
        # This thread's connection object itself: in another thread the proxy would open
        # a second connection, outside this transaction.
        db = connections[connection.alias]

        def work() -> None:
            try:
                # Errors come out as Django's (OperationalError, ...) like any other query's.
                with db.wrap_database_errors, db.connection.cursor() as cursor:
                    self._run(cursor)
            except BaseException as exc:  # handed to the caller in __exit__
                self.error = exc

        self.thread = threading.Thread(target=work, name="reconcile-claim-moves", daemon=True)
        self.thread.start()
        return self

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        if self.thread is not None:
            self.thread.join()
        if self.error is not None and exc is None:
            raise self.error
        if len(self.counts) == 2:
            self.outcome.claims_placed, self.outcome.claims_unplaced = self.counts

    def _run(self, cursor: Any) -> None:
        for sql, params in self.statements:
            cursor.execute(sql, params)
            self.counts.append(cursor.rowcount)


def touch_figures(figure_ids: Iterable[int], when: datetime.datetime | None = None) -> None:
    """Mark figures as changed for readers without a history row: their claims or flags moved."""
    ids = sorted(set(figure_ids))
    for start in range(0, len(ids), 1000):
        Figure.objects.filter(pk__in=ids[start : start + 1000]).update(
            updated_at=when or timezone.now()
        )


def _figures_of_keys(scope: Scope) -> tuple[str, list[Any]]:
    """A condition on claims ``c``: in the figures of the run's keys (none for a full run).

    The figures' ids are looked up first: given a subquery instead, the planner may walk
    every claim with a figure, believing the other conditions rare.
    """
    if scope.everything:
        return "", []
    ids = sorted(scope.figure_ids())
    if not ids:
        return " AND 1 = 0", []
    return f" AND c.figure_id IN ({', '.join(['%s'] * len(ids))})", ids


def _remove_empty_open_figures(scope: Scope) -> None:
    """A figure nobody settled and no claim falls under any more is only noise."""
    empty = Figure.objects.filter(status=FigureStatus.OPEN, claims__isnull=True, flags__isnull=True)
    if not scope.everything:
        empty = empty.filter(subject_id__in={k.subject_id for k in scope.keys})
    empty.delete()


# --- Rules ----------------------------------------------------------------------------------


def _tolerance() -> float:
    return float(settings.FACTCHECK_VALUE_TOLERANCE)


def _same_value_tolerance() -> float:
    return float(settings.FACTCHECK_SAME_VALUE_TOLERANCE)


def _states(aggregated: str) -> dict[str, str]:
    entries = (entry.split("|", 1) for entry in aggregated.split(ENTRY_SEPARATOR))
    return dict(entries)  # type: ignore[arg-type]


def _evaluate_rules(scope: Scope) -> dict[str, Group]:
    groups = [
        *_value_mismatches(scope),
        *_unit_mismatches(scope),
        *_value_clusters(scope),
    ]
    return {group.key: group for group in groups if len(group.states) > 1}


def _value_mismatches(scope: Scope) -> list[Group]:
    where, params = scope.where("key")
    tolerance = f"COALESCE(m.tolerance, {_tolerance()})"
    low = (
        "COALESCE(c.low, CASE c.qualifier WHEN 'at_most' THEN 0 "
        f"WHEN 'approximately' THEN c.value * (1 - {tolerance}) ELSE c.value END)"
    )
    high = (
        "COALESCE(c.high, CASE c.qualifier WHEN 'at_least' THEN NULL "
        f"WHEN 'approximately' THEN c.value * (1 + {tolerance}) ELSE c.value END)"
    )
    # Grouped by the figure key, not by the claims' figure column: the claims may still be
    # moving into their figures (see _ClaimMoves).
    sql = (
        "SELECT i.subject_id, i.metric_id, i.period_start, i.period_end, i.u, "
        f"{_aggregate('i.state')} "
        "FROM (SELECT c.subject_id, c.metric_id, c.period_start, c.period_end, "
        f"  {UNIT} AS u, {low} AS lo, {high} AS hi, {tolerance} AS tol, {STATE} AS state "
        f"  FROM {_table(Claim)} c JOIN {_table(Metric)} m ON m.id = c.metric_id "
        f"  WHERE {PLACED} "
        f"  AND (c.value IS NOT NULL OR c.low IS NOT NULL OR c.high IS NOT NULL){where}"
        ") i GROUP BY i.subject_id, i.metric_id, i.period_start, i.period_end, i.u "
        "HAVING COUNT(*) > 1 AND MAX(i.lo) > MIN(i.hi) * (1 + MAX(i.tol))"
    )
    rows = _run(sql, [ENTRY_SEPARATOR, *params])
    if not rows:
        return []
    figures = Figure.objects.all()
    if not scope.everything:
        figures = figures.filter(pk__in=scope.figure_ids())
    figure_of = {
        (s, m, ps, pe, u): pk
        for pk, s, m, ps, pe, u in figures.values_list(
            "pk", "subject_id", "metric_id", "period_start", "period_end", "unit"
        )
    }
    groups = []
    for subject_id, metric_id, start, end, unit, states in rows:
        figure_id = figure_of.get((subject_id, metric_id, start, end, unit))
        if figure_id is None:
            # The key appeared after this run created figures (an edit committed meanwhile);
            # that edit's own run raises the flag.
            continue
        groups.append(
            Group(
                kind=FlagKind.VALUE_MISMATCH,
                key=f"{FlagKind.VALUE_MISMATCH}:figure:{figure_id}",
                subject_id=subject_id,
                metric_id=metric_id,
                figure_id=figure_id,
                states=_states(states),
            )
        )
    return groups


def _unit_mismatches(scope: Scope) -> list[Group]:
    where, params = scope.where("period")
    sql = (
        f"SELECT c.subject_id, c.metric_id, c.period_start, c.period_end, {_aggregate(STATE)} "
        f"FROM {_table(Claim)} c WHERE {PLACED}{where} "
        f"GROUP BY c.subject_id, c.metric_id, c.period_start, c.period_end "
        f"HAVING COUNT(DISTINCT {UNIT}) > 1"
    )
    return [
        Group(
            kind=FlagKind.UNIT_MISMATCH,
            key=f"{FlagKind.UNIT_MISMATCH}:{subject_id}:{metric_id}:{start}-{end}",
            subject_id=subject_id,
            metric_id=metric_id,
            figure_id=None,
            states=_states(states),
        )
        for subject_id, metric_id, start, end, states in _run(sql, [ENTRY_SEPARATOR, *params])
    ]


class _Valued(NamedTuple):
    """One claim as the same-value rules see it (rows ordered by value within a partition)."""

    value: float
    pk: int
    metric_id: int
    period_start: int | None
    period_end: int | None
    state: str


def _value_clusters(scope: Scope) -> list[Group]:
    """``period_reuse`` and ``metric_confusion``: the same value given twice where it should not.

    Claims are read once, ordered by value within subject and unit, and cut into clusters
    whose values all lie within the same-value tolerance of the cluster's smallest one. The
    cut is bounded on purpose: chaining neighbours instead would call a budget that grows by
    1 % a year "the same value" across a decade.
    """
    where, params = scope.where("subject_unit")
    sql = (
        f"SELECT c.subject_id, {UNIT}, CAST(c.value AS DOUBLE PRECISION), c.id, c.metric_id, "
        f"c.period_start, c.period_end, {STATE_VALUES} FROM {_table(Claim)} c "
        f"WHERE {ACTIVE} AND c.value IS NOT NULL AND c.value > 0 "
        f"AND (c.currency <> '' OR c.unit <> ''){where} "
        "ORDER BY c.subject_id, 2, c.value, c.id"
    )
    # A keyed run answers for the subject-and-unit partitions of its keys, and for the
    # subject, metric and unit ones only (other metrics' flags are not its business).
    wanted = None if scope.everything else {(k.subject_id, k.metric_id, k.unit) for k in scope.keys}
    by_subject: dict[tuple[int, str], list[_Valued]] = {}
    by_metric: dict[tuple[int, int, str], list[_Valued]] = {}
    for subject_id, unit, *values in _run(sql, params):
        claim = _Valued(*values)
        by_subject.setdefault((subject_id, unit), []).append(claim)
        if claim.period_start is None or claim.period_end is None:
            continue
        partition = (subject_id, claim.metric_id, unit)
        if wanted is None or partition in wanted:
            by_metric.setdefault(partition, []).append(claim)

    groups = []
    for (subject_id, unit), claims in by_subject.items():
        for cluster in _cut(claims):
            if len({c.metric_id for c in cluster}) > 1:
                groups.append(
                    _cluster_group(FlagKind.METRIC_CONFUSION, (subject_id, unit), None, cluster)
                )
    for (subject_id, metric_id, unit), claims in by_metric.items():
        for cluster in _cut(claims):
            if min(c.period_end for c in cluster) < max(c.period_start for c in cluster):  # type: ignore[type-var]
                groups.append(
                    _cluster_group(
                        FlagKind.PERIOD_REUSE, (subject_id, metric_id, unit), metric_id, cluster
                    )
                )
    return groups


def _cut(claims: list[_Valued]) -> Iterable[list[_Valued]]:
    """Clusters of two or more claims within the same-value tolerance of their smallest."""
    factor = 1 + _same_value_tolerance()
    cluster: list[_Valued] = []
    ceiling = 0.0
    for claim in claims:
        if claim.value > ceiling:
            if len(cluster) > 1:
                yield cluster
            cluster, ceiling = [], claim.value * factor
        cluster.append(claim)
    if len(cluster) > 1:
        yield cluster


def _cluster_group(
    kind: str, partition: tuple[Any, ...], metric_id: int | None, cluster: list[_Valued]
) -> Group:
    scope_text = ":".join(str(v) for v in partition)
    return Group(
        kind=kind,
        key=f"{kind}:{scope_text}:{min(c.pk for c in cluster)}"[:255],
        subject_id=partition[0],
        metric_id=metric_id,
        figure_id=None,
        states={str(c.pk): c.state for c in cluster},
    )


# --- Describing flags -----------------------------------------------------------------------


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


class _Names:
    """Entity and metric names, loaded once per run, and claim states read once per run
    (a claim sits under several flags)."""

    def __init__(self) -> None:
        self.subjects = dict(Entity.objects.values_list("pk", "name"))
        self.metrics = dict(Metric.objects.values_list("pk", "name"))
        self._claims: dict[str, dict[str, Any]] = {}

    def claim(self, state: str) -> dict[str, Any]:
        claim = self._claims.get(state)
        if claim is None:
            claim = dict(zip(STATE_FIELDS, state.split("|"), strict=True))
            claim["amount"] = (
                _amount(claim["value"]) or _amount(claim["low"]) or _amount(claim["high"])
            )
            self._claims[state] = claim
        return claim


def _describe(group: Group, names: _Names) -> tuple[str, Decimal | None]:
    """The flag's sentence and its spread (largest value over smallest), from its snapshot."""
    claims = [names.claim(state) for state in group.states.values()]
    return flag_text.describe_flag(
        kind=group.kind,
        subject=names.subjects.get(group.subject_id, "?"),
        claims=[
            flag_text.FlagClaim(
                amount=c["amount"],
                unit=c["unit"],
                metric=names.metrics.get(int(c["metric"]), "?"),
                start=_year(c["start"]),
                end=_year(c["end"]),
                article=c["article"],
            )
            for c in claims
        ],
    )


def _year(text: str) -> int | None:
    return int(text) if text else None


# --- Applying flags -------------------------------------------------------------------------


def _what_changed(old: dict[str, str], new: dict[str, str]) -> str:
    parts = []
    added = sorted(set(new) - set(old), key=int)
    removed = sorted(set(old) - set(new), key=int)
    changed = sorted((k for k in set(old) & set(new) if old[k] != new[k]), key=int)
    if added:
        parts.append("claim " + ", ".join(added) + " joined")
    if removed:
        parts.append("claim " + ", ".join(removed) + " left")
    if changed:
        parts.append("claim " + ", ".join(changed) + " changed")
    return "; ".join(parts) or "the claims changed"


def _replace_members(membership: dict[int, list[int]]) -> None:
    """Point each flag at exactly its claims, in a few statements whatever their number."""
    if not membership:
        return
    through = ConflictFlag.claims.through
    table = _table(through)
    flag_ids = list(membership)
    pairs = [(flag_id, claim_id) for flag_id, ids in membership.items() for claim_id in ids]
    with connection.cursor() as cursor:
        for start in range(0, len(flag_ids), 500):
            batch = flag_ids[start : start + 500]
            cursor.execute(
                f"DELETE FROM {table} WHERE conflictflag_id IN ({', '.join(['%s'] * len(batch))})",
                batch,
            )
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's fastest way in for many small rows; two integers a line
            # need no escaping, so the text goes as one block.
            with cursor.cursor.copy(f"COPY {table} (conflictflag_id, claim_id) FROM STDIN") as copy:
                copy.write("".join(f"{flag_id}\t{claim_id}\n" for flag_id, claim_id in pairs))
        else:
            cursor.executemany(
                f"INSERT INTO {table} (conflictflag_id, claim_id) VALUES (%s, %s)", pairs
            )


def _apply_flags(
    desired: dict[str, Group], scope: Scope, outcome: ReconcileOutcome, moves: _ClaimMoves
) -> None:
    now = timezone.now()
    # Only keys and digests: a run that changes nothing loads no flag and no claim.
    candidates = ConflictFlag.objects.all()
    if not scope.everything:
        candidates = candidates.filter(scope.flags() | Q(key__in=list(desired)))
    known = {
        key: (pk, signature, state)
        for pk, key, signature, state in candidates.values_list("pk", "key", "signature", "state")
    }
    new_keys = [key for key in desired if key not in known]
    changed_keys = [
        key for key in desired if key in known and known[key][1] != desired[key].signature
    ]
    stale_ids = [
        pk
        for key, (pk, _, state) in known.items()
        if key not in desired and state not in CLOSED_FLAG_STATES
    ]
    names = _Names() if new_keys or changed_keys else None
    membership: dict[int, list[int]] = {}
    changed_flags = ConflictFlag.objects.in_bulk([known[key][0] for key in changed_keys])

    with moves:
        # Only computing here: the claims are moving on the connection meanwhile.
        descriptions = {
            key: _describe(desired[key], names)  # type: ignore[arg-type]
            for key in (*changed_keys, *new_keys)
        }
        to_create = [
            ConflictFlag(
                kind=desired[key].kind,
                key=key,
                signature=desired[key].signature,
                subject_id=desired[key].subject_id,
                metric_id=desired[key].metric_id,
                figure_id=desired[key].figure_id,
                spread=descriptions[key][1],
                explanation=descriptions[key][0],
                snapshot=desired[key].snapshot,
            )
            for key in new_keys
        ]

    for key in changed_keys:
        want, flag = desired[key], changed_flags[known[key][0]]
        changed_note = _what_changed(flag.snapshot or {}, want.snapshot)
        if flag.state in CLOSED_FLAG_STATES:
            flag.state = FlagState.OPEN
            flag.resolution_note = (
                f"Reopened {now:%Y-%m-%d}: {changed_note}. Earlier note: {flag.resolution_note}"
            )
            flag.resolved_at = None
            outcome.flags_reopened += 1
            flag._change_reason = f"reopened: {changed_note}"  # type: ignore[attr-defined]
        else:
            outcome.flags_updated += 1
            flag._change_reason = f"updated: {changed_note}"  # type: ignore[attr-defined]
        flag.explanation, flag.spread = descriptions[key]
        flag.signature, flag.snapshot = want.signature, want.snapshot
        flag.metric_id, flag.figure_id = want.metric_id, want.figure_id
        flag.save()
        membership[flag.pk] = want.claim_ids

    if to_create:
        created = insert_with_history(ConflictFlag, to_create, change_reason="raised")
        for flag in created:
            membership[flag.pk] = desired[flag.key].claim_ids
        outcome.flags_opened = len(created)
    _replace_members(membership)

    touched_figures = {flag.figure_id for flag in changed_flags.values()}
    touched_figures |= {desired[key].figure_id for key in new_keys}
    for flag in ConflictFlag.objects.filter(pk__in=stale_ids):
        flag.state = FlagState.RESOLVED
        flag.resolution_note = AUTO_RESOLVED_NOTE
        # Closed by the machine, not settled by a reviewer: not a dispute readers need.
        flag.public_explanation = ""
        flag.resolved_at = now
        flag.resolved_by = None
        flag._change_reason = "closed by the reconciler"  # type: ignore[attr-defined]
        flag.save()
        touched_figures.add(flag.figure_id)
    outcome.flags_closed = len(stale_ids)
    # A figure shows its open flags: when they change, so does the figure for readers.
    outcome.touched_figures |= {pk for pk in touched_figures if pk is not None}
