"""The nudge store: plan idempotently, claim with a lease, record outcomes.

Claiming is one statement. On PostgreSQL the candidate rows are locked with
``FOR UPDATE SKIP LOCKED``, so several processes running the tick at once each
get different rows. SQLite has a single writer, so the same UPDATE is atomic
there. A claim is a lease: a row whose process died while sending is claimed
again once its lease has expired.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from coach.nudges import Claimed, ReminderChoices
from storage.models import BalanceSnapshot, Nudge, ReminderSettings

_T = Nudge.__table__  # type: ignore[attr-defined]
#: Nudges the user asked for once (not planned from the data): a re-plan leaves them.
ONE_OFF_KINDS = ("paid_later",)


@dataclass(frozen=True)
class PlannedNudge:
    kind: str
    subject: str
    key: str
    due_at: datetime
    params: Mapping[str, str]




class NudgeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def _dialect(self) -> str:
        return self.session.bind.dialect.name if self.session.bind else "sqlite"

    async def plan(self, user_id: int, specs: Sequence[PlannedNudge], now: datetime, *,
                   subjects: Collection[str] | None = None) -> None:
        """Insert what is planned; refresh pending rows; cancel pending rows no longer planned.

        A row already sent (or failed, or stale) is never touched: its key stays used.
        A snoozed row keeps its snoozed time. One-off rows (:data:`ONE_OFF_KINDS`, asked for
        by the user) are kept while their subject is in ``subjects`` (the debts that still
        exist, ``"debt:<id>"``); given ``subjects``, the others are cancelled (a deleted or
        paid-off debt's "remind me to record this payment").
        """
        if specs:
            ins = pg_insert(_T) if self._dialect == "postgresql" else sqlite_insert(_T)
            stmt = ins.values([
                {
                    "user_id": user_id, "kind": s.kind, "subject": s.subject, "dedupe_key": s.key,
                    "due_at": s.due_at, "status": "pending", "snoozed": False, "attempts": 0,
                    "params": json.dumps(dict(s.params), ensure_ascii=False, sort_keys=True),
                    "created_at": now,
                }
                for s in specs
            ])
            excluded = stmt.excluded
            stmt = stmt.on_conflict_do_update(
                index_elements=["user_id", "dedupe_key"],
                set_={
                    "due_at": func.coalesce(
                        # keep a snoozed time; otherwise follow the new plan
                        _case_snoozed(excluded.due_at), excluded.due_at
                    ),
                    "params": excluded.params,
                    "status": "pending",
                },
                where=_T.c.status.in_(("pending", "cancelled")),
            )
            await self.session.execute(stmt)
        keys = [s.key for s in specs]
        cancel = update(_T).where(_T.c.user_id == user_id, _T.c.status == "pending",
                                  _T.c.kind.not_in(ONE_OFF_KINDS))
        if keys:
            cancel = cancel.where(_T.c.dedupe_key.not_in(keys))
        await self.session.execute(cancel.values(status="cancelled"))
        if subjects is not None:
            gone = update(_T).where(_T.c.user_id == user_id, _T.c.status == "pending",
                                    _T.c.kind.in_(ONE_OFF_KINDS))
            if subjects:
                gone = gone.where(_T.c.subject.not_in(list(subjects)))
            await self.session.execute(gone.values(status="cancelled"))

    async def one_offs(self, user_id: int) -> list[Claimed]:
        """The user's pending one-off nudges not snoozed (a snoozed one keeps its time)."""
        rows = await self.session.execute(
            select(Nudge).where(Nudge.user_id == user_id, Nudge.status == "pending",  # type: ignore[arg-type]
                                Nudge.kind.in_(ONE_OFF_KINDS), Nudge.snoozed.is_(False))  # type: ignore[attr-defined]
        )
        return [_claimed(r) for r in rows.scalars()]

    async def move(self, user_id: int, nudge_id: int, due_at: datetime) -> None:
        """Re-time a pending nudge (its day's moment under new prefs)."""
        await self.session.execute(
            update(_T).where(_T.c.id == nudge_id, _T.c.user_id == user_id, _T.c.status == "pending")
            .values(due_at=due_at)
        )

    async def add_one_off(self, user_id: int, spec: PlannedNudge, now: datetime) -> None:
        """A nudge the user asked for (a kind of :data:`ONE_OFF_KINDS`): kept by re-plans;
        the same key again moves it to the new time."""
        if spec.kind not in ONE_OFF_KINDS:
            raise ValueError(f"not a one-off nudge kind: {spec.kind}")
        await self.plan_rows(user_id, [spec], now)

    async def plan_rows(self, user_id: int, specs: Sequence[PlannedNudge], now: datetime) -> None:
        """Insert (or refresh, if pending) these rows and nothing else."""
        ins = pg_insert(_T) if self._dialect == "postgresql" else sqlite_insert(_T)
        stmt = ins.values([
            {
                "user_id": user_id, "kind": s.kind, "subject": s.subject, "dedupe_key": s.key,
                "due_at": s.due_at, "status": "pending", "snoozed": False, "attempts": 0,
                "params": json.dumps(dict(s.params), ensure_ascii=False, sort_keys=True),
                "created_at": now,
            }
            for s in specs
        ])
        stmt = stmt.on_conflict_do_update(
            index_elements=["user_id", "dedupe_key"],
            set_={"due_at": stmt.excluded.due_at, "params": stmt.excluded.params,
                  "status": "pending"},
            where=_T.c.status.in_(("pending", "cancelled")),
        )
        await self.session.execute(stmt)

    async def claim(
        self, now: datetime, worker: str, limit: int, lease_until: datetime
    ) -> list[Claimed]:
        """Claim up to ``limit`` due rows (and rows whose lease expired), oldest first."""
        due = or_(
            and_(_T.c.status == "pending", _T.c.due_at <= now),
            and_(_T.c.status == "sending", _T.c.lease_until < now),
        )
        candidates = select(_T.c.id).where(due).order_by(_T.c.due_at, _T.c.id).limit(limit)
        if self._dialect == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        stmt = (
            update(_T)
            .where(_T.c.id.in_(candidates.scalar_subquery()))
            .values(status="sending", lease_until=lease_until, claimed_by=worker,
                    attempts=_T.c.attempts + 1)
            .returning(_T.c.id, _T.c.user_id, _T.c.kind, _T.c.subject, _T.c.dedupe_key,
                       _T.c.due_at, _T.c.attempts, _T.c.params)
        )
        rows = (await self.session.execute(stmt)).all()
        return sorted(
            (
                Claimed(r.id, r.user_id, r.kind, r.subject, r.dedupe_key,
                        _aware(r.due_at), r.attempts, json.loads(r.params))
                for r in rows
            ),
            key=lambda c: (c.due_at, c.id),
        )

    async def finish(self, ids: Sequence[int], status: str, now: datetime, *,
                     message_id: int | None = None, error: str | None = None) -> None:
        values: dict[str, Any] = {"status": status, "lease_until": None}
        if status == "sent":
            values.update(sent_at=now, message_id=message_id)
        if error:
            values["last_error"] = error[:200]
        await self.session.execute(update(_T).where(_T.c.id.in_(list(ids))).values(**values))

    async def release(self, ids: Sequence[int], due_at: datetime, *, error: str | None = None) -> None:
        """Give claimed rows back, to be sent at ``due_at`` (quiet hours, RetryAfter, errors)."""
        values: dict[str, Any] = {"status": "pending", "lease_until": None, "due_at": due_at}
        if error:
            values["last_error"] = error[:200]
        await self.session.execute(update(_T).where(_T.c.id.in_(list(ids))).values(**values))

    async def pause_user(self, user_id: int) -> None:
        await self.session.execute(
            update(_T).where(_T.c.user_id == user_id, _T.c.status.in_(("pending", "sending")))
            .values(status="paused", lease_until=None)
        )

    async def resume_user(self, user_id: int) -> None:
        await self.session.execute(
            update(_T).where(_T.c.user_id == user_id, _T.c.status == "paused").values(status="pending")
        )

    async def _row(self, user_id: int, nudge_id: int) -> Nudge | None:
        row = await self.session.get(Nudge, nudge_id)
        return row if row is not None and row.user_id == user_id else None

    async def get(self, user_id: int, nudge_id: int) -> Claimed | None:
        """One of the user's nudges (any status), or None when it isn't theirs."""
        row = await self._row(user_id, nudge_id)
        return _claimed(row) if row is not None else None

    async def snooze(self, user_id: int, nudge_id: int, until: datetime) -> bool:
        row = await self._row(user_id, nudge_id)
        if row is None:
            return False
        row.due_at, row.status, row.snoozed, row.lease_until = until, "pending", True, None
        row.attempts = 0
        await self.session.flush()
        return True

    async def set_param(self, user_id: int, nudge_id: int, key: str, value: str) -> bool:
        """Keep one more fact on a nudge (a check-in's answer)."""
        row = await self._row(user_id, nudge_id)
        if row is None:
            return False
        params = json.loads(row.params or "{}")
        params[key] = value
        row.params = json.dumps(params, ensure_ascii=False, sort_keys=True)
        await self.session.flush()
        return True

    async def upcoming(self, user_id: int, until: datetime, limit: int = 30) -> list[Claimed]:
        """Pending nudges due by ``until``, soonest first."""
        rows = await self.session.execute(
            select(Nudge)
            .where(Nudge.user_id == user_id, Nudge.status == "pending", Nudge.due_at <= until)  # type: ignore[arg-type]
            .order_by(Nudge.due_at)  # type: ignore[arg-type]
            .limit(limit)
        )
        return [_claimed(r) for r in rows.scalars()]

    async def choices(self, user_id: int) -> ReminderChoices:
        """The user's reminder choices (the defaults until they change one)."""
        row = await self.session.get(ReminderSettings, user_id)
        if row is None:
            return ReminderChoices()
        return ReminderChoices(
            hour=row.hour,
            due_offsets=tuple(int(x) for x in row.due_offsets.split(",") if x.strip()),
            checkin_weekday=row.checkin_weekday,
            checkin_hour=row.checkin_hour,
            kinds=frozenset(row.kinds.split(",")) - {""},
        )

    async def save_choices(self, user_id: int, choices: ReminderChoices, now: datetime) -> None:
        await self.session.merge(ReminderSettings(
            user_id=user_id, hour=choices.hour,
            due_offsets=",".join(str(o) for o in choices.due_offsets),
            checkin_weekday=choices.checkin_weekday, checkin_hour=choices.checkin_hour,
            kinds=",".join(sorted(choices.kinds)), updated_at=now,
        ))  # fmt: skip
        await self.session.flush()


class SnapshotRepository:
    """The total owed at each monthly review, to show progress month to month."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def keep(self, user_id: int, month: str, total: Decimal, now: datetime) -> dict[str, Decimal]:
        """Record ``total`` for ``month`` (once: the first review of the month wins) and
        return every month's total, ``YYYY-MM`` -> amount."""
        if await self.session.get(BalanceSnapshot, (user_id, month)) is None:
            self.session.add(BalanceSnapshot(user_id=user_id, month=month, total=total,
                                             created_at=now))
            await self.session.flush()
        rows = await self.session.execute(
            select(BalanceSnapshot).where(BalanceSnapshot.user_id == user_id)  # type: ignore[arg-type]
        )
        return {r.month: r.total for r in rows.scalars()}


def _claimed(row: Nudge) -> Claimed:
    return Claimed(row.id or 0, row.user_id, row.kind, row.subject, row.dedupe_key,
                   _aware(row.due_at), row.attempts, json.loads(row.params or "{}"))


def _case_snoozed(new_due: Any) -> Any:
    return case((_T.c.snoozed.is_(True), _T.c.due_at), else_=new_due)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
