"""The reconciler: group claims into figures and raise, update or close conflict flags.

A thin shell around the pure rules in ``articles/reconciling/``: take the lock, place the
claims into figures (set-based: one ``SELECT DISTINCT`` over the claim keys finds the
figures, one ``UPDATE ... FROM`` moves the claims), read the claims the run answers for as
facts (one query), run the rules, then diff their findings against the existing flags and
write only what changed.

A flag's ``key`` says what it is about, so re-running never duplicates it; its
``signature`` digests the state of every claim under it, so a flag a reviewer closed
reopens only when its claims changed.

A full run checks everything. After an edit only the keys the claim left and entered are
re-checked (``keys=``): their figures, and the value clusters of their subject and metric.
Runs hold one lock (an advisory lock on PostgreSQL; SQLite transactions begin IMMEDIATE and
serialise writers) so two reconcilers at once leave exactly what one would.
"""

# SQL here is assembled from table names and constants only; every value is a parameter.
# ruff: noqa: S608
from __future__ import annotations

import datetime
import operator
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Case, F, Model, Q, When
from django.utils import timezone

from articles.models import (
    CLOSED_FLAG_STATES,
    INACTIVE_STATUSES,
    PUBLIC_FLAG_STATES,
    UNSPECIFIED_SCOPE,
    ChangeKind,
    Claim,
    ConflictFlag,
    Entity,
    Figure,
    FigureKind,
    FigureStatus,
    FlagKind,
    FlagState,
    Metric,
    Scope,
)
from articles.reconciling import (
    SIGNATURE_VERSION,
    Fact,
    FigureKey,
    Finding,
    Tolerances,
    Wanted,
    default_rates,
    findings_evaluate,
    key_part,
    signature_format,
    signature_members,
)

from . import flag_text
from .actors import RECONCILER, history_note, history_reason
from .bulk_insert import insert_with_history, update_with_history
from .change_feed import changes_record
from .flag_publish import flags_publish
from .gc_pause import collector_paused

# Any constant will do: it names "the reconciler" among advisory locks.
RECONCILE_LOCK_ID = 7_301_946_001
AUTO_RESOLVED_NOTE = flag_text.AUTO_RESOLVED_NOTE
# Matches no finding's signature, and is no older format to upgrade either.
CLOSED_SIGNATURE = "closed by the reconciler"


@dataclass(frozen=True)
class ClaimKey:
    """Where a claim sits for the rules: its figure key, parts of which may be missing."""

    subject_id: int | None
    metric_id: int | None
    unit: str
    period_start: int | None
    period_end: int | None
    kind: str = FigureKind.ANNUAL
    scope: str = UNSPECIFIED_SCOPE

    @classmethod
    def of(cls, claim: Claim) -> ClaimKey:
        return cls(
            claim.subject_id,
            claim.metric_id,
            claim.key_unit,
            claim.period_start,
            claim.period_end,
            claim.kind,
            claim.scope_id or UNSPECIFIED_SCOPE,  # never empty in the table (NOT NULL)
        )

    def as_list(self) -> list[Any]:
        return [
            self.subject_id,
            self.metric_id,
            self.unit,
            self.period_start,
            self.period_end,
            self.kind,
            self.scope,
        ]

    @property
    def figure_key(self) -> FigureKey | None:
        if self.period_start is None or self.period_end is None:
            return None
        return (
            self.subject_id,  # type: ignore[return-value]  # a figure key exists only for a claim with subject and metric
            self.metric_id,
            self.period_start,
            self.period_end,
            self.unit,
            self.kind,
            self.scope,
        )

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


# --- SQL building blocks --------------------------------------------------------------------


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def unit_sql(c: str = "c") -> str:
    """A claim's figure unit: its currency for money, else the counted noun."""
    return f"(CASE WHEN {c}.currency <> '' THEN {c}.currency ELSE {c}.unit END)"


UNIT = unit_sql()


def placed_sql() -> tuple[str, list[Any]]:
    """The condition (on claims ``c``) for a claim that belongs in a figure, and its params.

    Rejected suggestions and withdrawn claims take part in no figure; the others need a
    subject, a metric, a period and a unit.
    """
    statuses = [status.value for status in INACTIVE_STATUSES]
    marks = ", ".join(["%s"] * len(statuses))
    return (
        f"c.status NOT IN ({marks}) AND c.subject_id IS NOT NULL AND c.metric_id IS NOT NULL "
        "AND c.period_start IS NOT NULL AND c.period_end IS NOT NULL "
        "AND (c.currency <> '' OR c.unit <> '')",
        statuses,
    )


# A fact's claim key in ``ClaimKey.as_list`` order: subject, metric, unit, period, kind, scope.
_key_of_fact = operator.itemgetter(*(Fact._fields.index(name) for name in (
    "subject_id", "metric_id", "unit", "period_start", "period_end", "kind", "scope"
)))  # fmt: skip


class RunScope:
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

    def holds_any(self, facts: Iterable[Fact]) -> bool:
        """Whether a claim behind these facts has one of the run's keys (any, for a full run)."""
        return self.everything or not self._key_tuples.isdisjoint(map(_key_of_fact, facts))

    @cached_property
    def _key_tuples(self) -> frozenset[tuple[Any, ...]]:
        return frozenset(tuple(key.as_list()) for key in self.keys)

    def where(self, level: str) -> tuple[str, list[Any]]:
        """A SQL condition on claims ``c`` at one of the rule levels (key parts to match)."""
        if self.everything:
            return "", []
        columns = {
            "key": (
                "subject_id",
                "metric_id",
                "unit",
                "period_start",
                "period_end",
                "kind",
                "scope",
            ),
        }[level]
        clauses: list[str] = []
        params: list[Any] = []
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

    def facts(self) -> Q:
        """The claims (annotated with ``figure_unit``) whose facts a keyed run needs.

        The same subject and unit (value clusters; a figure's claims among them), and the
        same subject, metric and period in any unit (unit mismatches).
        """
        condition = Q(pk__in=[])
        for key in self.keys:
            condition |= Q(subject_id=key.subject_id, figure_unit=key.unit)
            if key.period_start is not None and key.period_end is not None:
                condition |= Q(
                    subject_id=key.subject_id,
                    metric_id=key.metric_id,
                    period_start=key.period_start,
                    period_end=key.period_end,
                )
            if key.kind == FigureKind.TRANSACTION:
                # The subject's other reports of deals: one deal spans years and currencies.
                condition |= Q(subject_id=key.subject_id, kind=FigureKind.TRANSACTION)
        return condition

    def wanted(self) -> Wanted | None:
        """The partitions a keyed run answers for; None for a full run."""
        if self.everything:
            return None
        dated = [k for k in self.keys if k.period_start is not None and k.period_end is not None]
        return Wanted(
            figure_keys=frozenset(k.figure_key for k in dated),  # type: ignore[misc]  # the keys read here all name a subject (checked when built)
            periods=frozenset(
                (k.subject_id, k.metric_id, k.period_start, k.period_end)  # type: ignore[misc]  # the keys read here all name a subject (checked when built)
                for k in dated
            ),
            subject_units=frozenset((k.subject_id, k.unit) for k in self.keys),  # type: ignore[misc]  # the keys read here all name a subject (checked when built)
            subject_metric_units=frozenset(
                (k.subject_id, k.metric_id, k.unit)  # type: ignore[misc]  # the keys read here all name a subject (checked when built)
                for k in self.keys
            ),
            deal_subjects=frozenset(
                k.subject_id  # type: ignore[misc]  # the keys read here all name a subject (checked when built)
                for k in self.keys
                if k.kind == FigureKind.TRANSACTION
            ),
        )

    def figure_ids(self) -> set[int]:
        """The figures of the run's keys, read once: after placing, the run adds none."""
        if self._figure_ids is None:
            self._figure_ids = self._read_figure_ids()
        return self._figure_ids

    def figures_placed(self, figure_of: dict[FigureKey, int]) -> None:
        """Learn the figures of the run's keys from the figures of its subjects, once the
        claims' figures exist (no need to read them again)."""
        if not self.everything:
            self._figure_ids = {
                figure_of[key.figure_key] for key in self.keys if key.figure_key in figure_of
            }

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
                    kind=key.kind,
                    scope_id=key.scope,
                )
        return set(Figure.objects.filter(match).values_list("pk", flat=True))

    def flags(self) -> Q:
        """The existing flags a keyed run is responsible for."""
        condition = Q(pk__in=[])
        for prefix, suffix in self._flag_patterns:
            if suffix:
                condition |= Q(key__startswith=prefix, key__endswith=suffix)
            else:
                condition |= Q(key__startswith=prefix)
        return condition | Q(key__in=self._flag_keys)

    def flags_cover(self, key: str) -> bool:
        """True when ``flags()`` finds the flag with this key (without asking the database)."""
        patterns = self._flag_patterns
        return (
            key in self._flag_keys
            or key.startswith(tuple(prefix for prefix, suffix in patterns if not suffix))
            or any(key.startswith(p) and key.endswith(s) for p, s in patterns if s)
        )

    @cached_property
    def _flag_patterns(self) -> list[tuple[str, str]]:
        """``(prefix, suffix)`` of the flag keys a keyed run answers for ("" for any suffix)."""
        patterns = []
        for key in self.keys:
            subject, metric, unit = key.subject_id, key.metric_id, key_part(key.unit)
            # A key starts with its kind, so the prefix alone finds the flags (a condition on
            # the kind column too would make the planner scan every flag of that kind).
            patterns += [
                (f"{FlagKind.PERIOD_REUSE}:{subject}:{metric}:{unit}:", ""),
                (f"{FlagKind.TOTAL_MISMATCH}:{subject}:{metric}:{unit}:", ""),
                (f"{FlagKind.METRIC_CONFUSION}:{subject}:{unit}:", ""),
            ]
            if key.period_start is not None and key.period_end is not None:
                # Any unit and kind of this subject, metric and period (scopes are compared
                # across figures of the same key but for the scope).
                patterns.append(
                    (
                        f"{FlagKind.SCOPE_DIFFERENCE}:{subject}:{metric}:",
                        f":{key.period_start}-{key.period_end}",
                    )
                )
            if key.kind == FigureKind.TRANSACTION:
                patterns.append((f"{FlagKind.VALUE_MISMATCH}:deals:{subject}:", ""))
        return patterns

    @cached_property
    def _flag_keys(self) -> set[str]:
        """The whole flag keys a keyed run answers for."""
        keys = set()
        for key in self.keys:
            if key.period_start is not None and key.period_end is not None:
                period = f"{key.subject_id}:{key.metric_id}:{key.period_start}-{key.period_end}"
                keys |= {
                    f"{FlagKind.UNIT_MISMATCH}:{period}",
                    f"{FlagKind.CURRENCY_MISMATCH}:{period}",
                }
        return keys | {f"{FlagKind.VALUE_MISMATCH}:figure:{pk}" for pk in self.figure_ids()}


# --- The run --------------------------------------------------------------------------------


def figures_reconcile(*, keys: Iterable[ClaimKey] | None = None) -> ReconcileOutcome:
    """Re-check everything (``keys=None``) or only what claims with these keys touch."""
    scope = RunScope(keys)
    outcome = ReconcileOutcome()
    if scope.empty:
        return outcome
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        outcome.timings[name] = round(now - clock, 4)
        clock = now

    with collector_paused(), transaction.atomic():
        _take_lock(full=scope.everything)
        lap("lock")
        statements, figure_of = _place_claims(scope, outcome)
        moves = _ClaimMoves(statements, outcome, scope.everything)
        lap("place")
        # Everything the rules and the flag descriptions read, read before the claims move:
        # nothing after reads which figure a claim is in (the rules group claims by key), so
        # the claims move while the rules run and the new flags are described.
        facts = _facts_read(scope)
        known = _flags_known(scope) if scope.everything else None
        names = _Names() if scope.everything else None
        lap("read")
        with moves:
            desired = _evaluate_rules(scope, facts, figure_of)
            lap("rules")
            new_flags = _flags_new(desired, known, names) if names and known is not None else None
            lap("describe")
        lap("moves")
        _apply_flags(desired, scope, outcome, known, names, new_flags)
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
    lap("commit")
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


def _place_claims(
    scope: RunScope, outcome: ReconcileOutcome
) -> tuple[list[tuple[str, list[Any]] | None], dict[FigureKey, int]]:
    """Create the figures claims need; return the statements that move claims into them
    and out of theirs (None: nothing to move), and the figures by key.

    For a keyed run, the figures are every figure of its subjects: a yearly edit re-checks
    the totals over that year, which sit in figures of their own.
    """
    claim, figure = _table(Claim), _table(Figure)
    placed, placed_params = placed_sql()
    where, params = scope.where("key")
    keys = {
        tuple(row)
        for row in _run(
            "SELECT DISTINCT c.subject_id, c.metric_id, c.period_start, c.period_end, "
            f"{UNIT}, c.kind, c.scope FROM {claim} c WHERE {placed}{where}",
            [*placed_params, *params],
        )
    }
    existing = Figure.objects.all()
    if not scope.everything:
        existing = existing.filter(subject_id__in={k.subject_id for k in scope.keys})
    rows = existing.values_list(
        "pk", "subject_id", "metric_id", "period_start", "period_end", "unit", "kind", "scope_id"
    )
    figure_of: dict[FigureKey, int] = {tuple(key): pk for pk, *key in rows}  # type: ignore[misc]  # a row's key columns in FigureKey's order
    missing = sorted(keys - set(figure_of))
    if missing:
        created = insert_with_history(
            Figure,
            [
                Figure(
                    subject_id=s,
                    metric_id=m,
                    period_start=ps,
                    period_end=pe,
                    unit=u,
                    kind=k,
                    scope_id=scope,
                )
                for s, m, ps, pe, u, k, scope in missing
            ],
            change_reason=history_reason(RECONCILER, "created"),
        )
        outcome.new_figures.update(f.pk for f in created if f.pk)
        # Returned in the order given, each with its key.
        figure_of.update(zip(missing, (f.pk for f in created), strict=True))
    outcome.figures_created = len(missing)
    scope.figures_placed(figure_of)
    same_key = (
        "f.subject_id = c.subject_id AND f.metric_id = c.metric_id "
        "AND f.period_start = c.period_start AND f.period_end = c.period_end "
        f"AND f.unit = {UNIT} AND f.kind = c.kind AND f.scope = c.scope"
    )
    moving = (
        f"FROM {claim} c JOIN {figure} f ON {same_key} WHERE {placed}{where} "
        "AND (c.figure_id IS NULL OR c.figure_id <> f.id)"
    )
    moving_params = [*placed_params, *params]
    figures_where, figures_params = _figures_of_keys(scope)
    leaving = f"FROM {claim} c WHERE c.figure_id IS NOT NULL AND NOT ({placed}){figures_where}"
    leaving_params = [*placed_params, *figures_params]
    # Figures that gain or lose a claim changed for readers (and for updated_since).
    moved = _run(
        f"SELECT DISTINCT c.figure_id, f.id, 1 {moving} "
        f"UNION ALL SELECT DISTINCT c.figure_id, c.figure_id, 2 {leaving}",
        [*moving_params, *leaving_params],
    )
    moves = [row for row in moved if row[2] == 1]
    leaves = [row for row in moved if row[2] == 2]
    touched = {pk for row in moved for pk in row[:2] if pk is not None}
    outcome.touched_figures |= touched
    # As the ORM writes an instant (SQLite keeps text, which must sort as the ORM's does).
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # A statement with nothing to move is not run (after most edits neither has): a claim
    # whose edit commits meanwhile is moved by the re-check that edit asks for.
    statements = [
        # One join instead of a lookup per row (PostgreSQL, and SQLite since 3.33); rows
        # already in the right figure are not rewritten. The claim's figure is part of what
        # readers see of it, so its updated_at moves too (not its history: nobody edited it).
        (
            f"UPDATE {claim} AS c SET figure_id = f.id, updated_at = %s FROM {figure} AS f "
            f"WHERE {same_key} AND {placed}{where} "
            "AND (c.figure_id IS NULL OR c.figure_id <> f.id)",
            [now, *moving_params],
        )
        if moves
        else None,
        # Claims that lost part of their key, or were rejected, leave their figure.
        (
            f"UPDATE {claim} AS c SET figure_id = NULL, updated_at = %s "
            f"WHERE c.figure_id IS NOT NULL AND NOT ({placed}){figures_where}",
            [now, *leaving_params],
        )
        if leaves
        else None,
    ]
    return statements, figure_of


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
        statements: list[tuple[str, list[Any]] | None],
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
        if self.background:
            # The links of the moved claims are checked as they move, in this thread, while
            # the process computes, rather than one by one at commit, when it waits.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in self.statements:
            if statement is None:
                self.counts.append(0)
                continue
            cursor.execute(*statement)
            self.counts.append(cursor.rowcount)
        if self.background:
            # Back to Django's default for the rest of the transaction: every foreign key
            # is declared DEFERRABLE INITIALLY DEFERRED.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def touch_figures(figure_ids: Iterable[int], when: datetime.datetime | None = None) -> None:
    """Mark figures as changed for readers without a history row: their claims or flags moved."""
    ids = sorted(set(figure_ids))
    for start in range(0, len(ids), 1000):
        Figure.objects.filter(pk__in=ids[start : start + 1000]).update(
            updated_at=when or timezone.now()
        )


def _figures_of_keys(scope: RunScope) -> tuple[str, list[Any]]:
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


def _remove_empty_open_figures(scope: RunScope) -> None:
    """A figure nobody settled and no claim falls under any more is only noise.

    After an edit only the figures of the run's keys can have lost their last claim.
    """
    empty = Figure.objects.filter(status=FigureStatus.OPEN, claims__isnull=True, flags__isnull=True)
    if not scope.everything:
        empty = empty.filter(pk__in=scope.figure_ids())
    empty.delete()


# --- Rules ----------------------------------------------------------------------------------


def _tolerances() -> Tolerances:
    return Tolerances(
        value=Decimal(str(settings.FACTCHECK_VALUE_TOLERANCE)),
        same_value=Decimal(str(settings.FACTCHECK_SAME_VALUE_TOLERANCE)),
    )


def _facts_read(scope: RunScope) -> list[Fact]:
    """The active claims the run answers for, as the rules see them (one query)."""
    claims = (
        Claim.objects.active()
        .filter(subject__isnull=False, metric__isnull=False)
        .annotate(figure_unit=Case(When(~Q(currency=""), then=F("currency")), default=F("unit")))
        .order_by()  # the rules sort what they need; the default ordering costs a sort
    )
    if not scope.everything:
        claims = claims.filter(scope.facts())
    # In ``Fact``'s field order, so a row becomes a fact as it is.
    rows = claims.values_list(
        "id", "subject_id", "metric_id", "figure_unit", "period_start", "period_end",
        "value", "low", "high", "qualifier", "article_id", "kind", "counterparty_id", "item",
        "scope_id", "deal_id", "usd_rate", "metric__tolerance",
    )  # fmt: skip
    from_row = Fact.from_row
    return [from_row(row) for row in _fetch(rows)]


def _fetch(rows: Any) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` query, read straight from the cursor on PostgreSQL.

    psycopg already returns decimals and integers as Python needs them, and after an edit
    Django's per-row iteration costs more than the rules; SQLite returns floats for
    decimals, which Django's converters turn back into exact decimals.
    """
    if connection.vendor != "postgresql":
        return list(rows)
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _evaluate_rules(
    scope: RunScope, facts: list[Fact], figure_of: dict[FigureKey, int]
) -> dict[str, Finding]:
    # The rules group claims by key, not by the claims' figure column: the claims may
    # still be moving into their figures (see _ClaimMoves).
    return findings_evaluate(
        facts,
        tolerances=_tolerances(),
        figure_of=figure_of,
        wanted=scope.wanted(),
        rates=default_rates(),
    )


# --- Describing flags -----------------------------------------------------------------------


class _Names:
    """Entity and metric names, loaded once per run, and each claim as a flag sentence needs
    it, built once per run (a claim sits under several flags)."""

    def __init__(self) -> None:
        self.subjects = dict(Entity.objects.values_list("pk", "name"))
        self.metrics = dict(Metric.objects.values_list("pk", "name"))
        self.scopes = dict(Scope.objects.values_list("slug", "name"))
        self._claims: dict[int, flag_text.FlagClaim] = {}

    def claim(self, fact: Fact) -> flag_text.FlagClaim:
        claim = self._claims.get(fact.id)
        if claim is None:
            claim = self._claims[fact.id] = flag_text.FlagClaim(
                amount=fact.amount,
                unit=fact.unit,
                metric=self.metrics.get(fact.metric_id, "?"),
                start=fact.period_start,
                end=fact.period_end,
                article=fact.article_id,
                kind=fact.kind,
                counterparty=self.subjects.get(fact.counterparty_id, "")
                if fact.counterparty_id
                else "",
                item=fact.item,
                scope=self.scopes.get(fact.scope, ""),
                usd_rate=fact.usd_rate,
            )
        return claim


def _describe(finding: Finding, names: _Names) -> tuple[str, Decimal | None]:
    """The flag's sentence and its spread (largest value over smallest)."""
    return flag_text.describe_flag(
        kind=finding.kind,
        subject=names.subjects.get(finding.subject_id, "?"),
        claims=[names.claim(fact) for fact in finding.facts],
    )


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


def _replace_members(membership: dict[int, list[int]], *, new: Iterable[int] = ()) -> None:
    """Point each flag at exactly its claims, in a few statements whatever their number.

    Flags in ``new`` were created by this run and have no claims to remove yet.
    """
    if not membership:
        return
    through = ConflictFlag.claims.through
    table = _table(through)
    created = set(new)
    flag_ids = [flag_id for flag_id in membership if flag_id not in created]
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


def _signatures_upgrade(desired: dict[str, Finding], known: dict[str, _KnownFlag]) -> None:
    """Rewrite signatures of an older format in place, reopening nothing.

    A signature digests the claims' states in a versioned format; a flag written by an
    earlier version cannot be compared digest for digest. Every edit re-checks its flags at
    once, so such a flag was up to date with its claims: it counts as unchanged when the
    same claims are under it, and as changed (the usual path) when they are not.
    """
    legacy = {
        known[key].pk: key
        for key in desired
        if key in known
        and known[key].signature != CLOSED_SIGNATURE
        and signature_format(known[key].signature) != SIGNATURE_VERSION
    }
    if not legacy:
        return
    upgraded = []
    for flag in ConflictFlag.objects.filter(pk__in=legacy).only("pk", "snapshot"):
        want = desired[legacy[flag.pk]]
        if set(flag.snapshot or {}) == {str(pk) for pk in want.claim_ids}:
            flag.signature, flag.snapshot = want.signature, want.snapshot
            upgraded.append(flag)
            known[legacy[flag.pk]] = known[legacy[flag.pk]]._replace(signature=want.signature)
    ConflictFlag.objects.bulk_update(upgraded, ["signature", "snapshot"], batch_size=500)


class _KnownFlag(NamedTuple):
    """An existing flag as a run compares it."""

    pk: int
    signature: str
    state: str


def _flags_known(
    scope: RunScope, desired: dict[str, Finding] | None = None
) -> dict[str, _KnownFlag]:
    """The existing flags the run answers for, by key.

    Only keys and digests: a run that changes nothing loads no flag and no claim.
    """
    candidates = ConflictFlag.objects.order_by()
    if not scope.everything:
        # Findings outside the run's own keys too (none the rules report today), so a flag
        # is never raised twice; only those, as a run after one edit has hundreds of keys.
        outside = [key for key in desired or () if not scope.flags_cover(key)]
        candidates = candidates.filter(scope.flags() | Q(key__in=outside))
    return {
        key: _KnownFlag(pk, signature, state)
        for pk, key, signature, state in candidates.values_list("pk", "key", "signature", "state")
    }


def _changed(finding: Finding, flag: _KnownFlag, scope: RunScope) -> bool:
    """Whether a finding differs from its flag's record of it.

    A run after an edit answers for every value cluster of the edited subject and unit, a
    few hundred findings of which hold none of the edited claims. Such a finding with the
    same claims as its flag (``members``) is unchanged without digesting every claim's
    state: each edit of a claim re-checks the claim's own keys, so a claim whose state
    changed is of this run's keys or of a run of its own. A flag closed by the reconciler
    (whose signature matches nothing, so the finding reopens it) and one of an older format
    have no ``members`` and always compare in full.
    """
    if (
        not scope.everything
        and signature_members(flag.signature) == finding.members
        and not scope.holds_any(finding.facts)
    ):
        return False
    return flag.signature != finding.signature


def _flags_new(
    desired: dict[str, Finding], known: dict[str, _KnownFlag], names: _Names
) -> list[ConflictFlag]:
    """The flags the run will raise, described and not yet saved: only computing, no
    query, so a full run builds them while the claims move."""
    flags = []
    for key, finding in desired.items():
        if key in known:
            continue
        explanation, spread = _describe(finding, names)
        flags.append(
            ConflictFlag(
                kind=finding.kind,
                key=key,
                signature=finding.signature,
                subject_id=finding.subject_id,
                metric_id=finding.metric_id,
                figure_id=finding.figure_id,
                spread=spread,
                explanation=explanation,
                snapshot=finding.snapshot,
            )
        )
    return flags


def _apply_flags(
    desired: dict[str, Finding],
    scope: RunScope,
    outcome: ReconcileOutcome,
    known: dict[str, _KnownFlag] | None,
    names: _Names | None,
    new_flags: list[ConflictFlag] | None,
) -> None:
    """Write what changed: raise new flags, update or reopen changed ones, close stale ones.

    ``known`` and ``new_flags`` are the flags read and the new ones built before the claims
    moved (a full run); a keyed run reads and builds them here.
    """
    now = timezone.now()
    if known is None:
        known = _flags_known(scope, desired)
    _signatures_upgrade(desired, known)
    changed_keys = [
        key
        for key, finding in desired.items()
        if key in known and _changed(finding, known[key], scope)
    ]
    stale_ids = [
        pk
        for key, (pk, _, state) in known.items()
        if key not in desired and state not in CLOSED_FLAG_STATES
    ]
    if new_flags is None:
        # Names are loaded only for a run that has something to describe.
        if changed_keys or any(key not in known for key in desired):
            names = names or _Names()
        new_flags = _flags_new(desired, known, names) if names else []
    membership: dict[int, list[int]] = {}
    # What the change feed hears of: flags raised, reopened and closed (one INSERT).
    events: list[tuple[ChangeKind, ConflictFlag]] = []
    existing = ConflictFlag.objects.in_bulk([known[key].pk for key in changed_keys] + stale_ids)
    changed_flags = [existing[known[key].pk] for key in changed_keys]

    for key, flag in zip(changed_keys, changed_flags, strict=True):
        want = desired[key]
        changed_note = _what_changed(flag.snapshot or {}, want.snapshot)
        if flag.state in CLOSED_FLAG_STATES:
            flag.state = FlagState.OPEN
            flag.resolution_note = (
                f"Reopened {now:%Y-%m-%d}: {changed_note}. Earlier note: {flag.resolution_note}"
            )
            flag.resolved_at = None
            outcome.flags_reopened += 1
            history_note(flag, actor=RECONCILER, reason=f"reopened: {changed_note}")
            events.append((ChangeKind.FLAG_REOPENED, flag))
        else:
            outcome.flags_updated += 1
            history_note(flag, actor=RECONCILER, reason=f"updated: {changed_note}")
        flag.explanation, flag.spread = _describe(want, names)  # type: ignore[arg-type]  # names are loaded above whenever a key changed
        flag.signature, flag.snapshot = want.signature, want.snapshot
        flag.metric_id, flag.figure_id = want.metric_id, want.figure_id
        membership[flag.pk] = want.claim_ids

    stale_flags = [existing[pk] for pk in stale_ids]
    for flag in stale_flags:
        flag.state = FlagState.RESOLVED
        flag.resolution_note = AUTO_RESOLVED_NOTE
        # No claims' state matches this signature: should the claims return to what they
        # were, the finding reads as changed and the flag reopens instead of staying closed.
        flag.signature = CLOSED_SIGNATURE
        # Closed by the machine, not settled by a reviewer: not a dispute readers need.
        flag.public_explanation = ""
        flag.resolved_at = now
        flag.resolved_by = None
        history_note(flag, actor=RECONCILER, reason="closed")
        events.append((ChangeKind.FLAG_RESOLVED, flag))
    outcome.flags_closed = len(stale_flags)
    _flags_save(changed_flags + stale_flags, now)

    if new_flags:
        created = insert_with_history(
            ConflictFlag, new_flags, change_reason=history_reason(RECONCILER, "raised")
        )
        for flag in created:
            membership[flag.pk] = desired[flag.key].claim_ids
            events.append((ChangeKind.FLAG_OPENED, flag))
        outcome.flags_opened = len(created)
    _replace_members(membership, new=(flag.pk for flag in new_flags))

    touched_figures = {flag.figure_id for flag in (*changed_flags, *stale_flags, *new_flags)}
    changes_record(events, actor=RECONCILER)
    # A figure shows its open flags: when they change, so does the figure for readers.
    outcome.touched_figures |= {pk for pk in touched_figures if pk is not None}


# Every field a run changes on an existing flag.
_FLAG_FIELDS_WRITTEN = [
    "state", "resolution_note", "resolved_at", "resolved_by", "public_explanation",
    "explanation", "spread", "signature", "snapshot", "metric", "figure", "updated_at",
]  # fmt: skip


def _flags_save(flags: list[ConflictFlag], now: datetime.datetime) -> None:
    """Save changed flags, each with its history row (who and why from ``history_note``)."""
    for flag in flags:
        flag.updated_at = now
    update_with_history(ConflictFlag, flags, _FLAG_FIELDS_WRITTEN, when=now)
