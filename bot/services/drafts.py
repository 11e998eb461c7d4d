"""The draft store: each flow's typed draft (coach.drafts), kept across restarts.

A draft lives as long as its conversation: the step that confirms, cancels or times
out deletes it, and the expiry job deletes any older than its conversation's timeout
(handlers/__init__.py CONVERSATIONS). A stored draft that no longer reads (an older
format, a field gone) is deleted and reported as ``None``: the flow then says the
unsaved answers were discarded.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from coach.drafts import DraftType
from storage.repositories import ConversationRepository, DraftRepository

if TYPE_CHECKING:
    from bot.services.uow import UnitOfWork

_log = logging.getLogger(__name__)
D = TypeVar("D", bound=DraftType)


class Drafts:
    """Typed drafts: ``load(uid, PaymentDraft)``, ``save(uid, draft)``, ``clear(uid, kind)``."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def load(self, user_id: int, kind: type[D]) -> D | None:
        async with self.uow() as s:
            repo = DraftRepository(s)
            data = await repo.get(user_id, kind.KIND)
            if data is None:
                return None
            try:
                return kind.from_dict(data)
            except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
                _log.warning("discarding an unreadable %s draft: %r", kind.KIND, exc)
                await repo.remove(user_id, kind.KIND)
                return None

    async def save(self, user_id: int, draft: DraftType) -> None:
        async with self.uow() as s:
            await DraftRepository(s).put(user_id, draft.KIND, draft.to_dict(), self.uow.clock.now())

    async def clear(self, user_id: int, kind: type[DraftType] | str) -> None:
        name = kind if isinstance(kind, str) else kind.KIND
        async with self.uow() as s:
            await DraftRepository(s).remove(user_id, name)

    async def exists(self, user_id: int, kind: str) -> bool:
        async with self.uow() as s:
            return await DraftRepository(s).get(user_id, kind) is not None


class Janitor:
    """Ends what outlived its conversation: stale conversation states and drafts."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    async def expire(
        self, conversations: Mapping[str, timedelta], drafts: Mapping[str, timedelta]
    ) -> dict[str, list[str]]:
        """Delete states and drafts older than their timeout (each conversation's, each
        draft kind's); returns the deleted states' keys by conversation name."""
        now = self.uow.clock.now()
        stale: dict[str, list[str]] = {}
        async with self.uow() as s:
            repo = ConversationRepository(s)
            for name, timeout in conversations.items():
                stale[name] = await repo.keys_older_than(name, now - timeout)
                await repo.delete_older_than(name, now - timeout)
            for kind, timeout in drafts.items():
                await DraftRepository(s).delete_older_than(kind, now - timeout)
        return stale
