"""Conversation state in the database.

PTB writes persistence only in ``Application.update_persistence()`` (every 60 s
by default). :class:`bot.processing.PerChatUpdateProcessor` calls it after every
update, so a restart or a crash resumes each user at the step they were on.
Only conversations are stored: domain data never lives in ``user_data``.

At startup PTB loads every stored conversation; rows older than the
conversation's timeout are deleted first, so startup cost does not grow with
the number of users who ever started a conversation. A stored state the current
handlers don't know (written by an older release) is not loaded: that
conversation has ended.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import BasePersistence, PersistenceInput

from coach.clock import Clock
from storage.repositories import ConversationRepository, DraftRepository

ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]


class DbPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        timeouts: dict[str, timedelta],
        states: dict[str, frozenset[str]] | None = None,
        drafts: dict[str, str] | None = None,
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=False, callback_data=False
            ),
            update_interval=3600,
        )
        self._factory = session_factory
        self._clock = clock
        self._timeouts = timeouts
        self._states = states or {}
        self._drafts = drafts or {}  # conversation name -> the kind of its draft
        self._pending: dict[tuple[str, str], tuple[int | None, str | None]] = {}

    async def get_conversations(self, name: str) -> ConversationDict:
        known = self._states.get(name)
        loaded: ConversationDict = {}
        async with self._factory() as s:
            repo = ConversationRepository(s)
            timeout = self._timeouts.get(name)
            if timeout is not None:
                await repo.delete_older_than(name, self._clock.now() - timeout)
            for r in await repo.load(name):
                state = json.loads(r.state)
                if known is not None and not (isinstance(state, str) and state in known):
                    # A state this release no longer has (an older flow): the conversation
                    # ends here, and its unconfirmed draft with it.
                    await repo.remove(name, r.key)
                    draft = self._drafts.get(name)
                    if draft is not None and r.user_id is not None:
                        await DraftRepository(s).remove(r.user_id, draft)
                    continue
                loaded[tuple(json.loads(r.key))] = state
            await s.commit()
        return loaded

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Buffer the change; :meth:`write` puts it in the update's transaction."""
        user_id = key[-1] if key and isinstance(key[-1], int) else None
        state = None if new_state is None else json.dumps(new_state)
        self._pending[(name, json.dumps(list(key)))] = (user_id, state)

    async def write(self, session: AsyncSession, chat_id: int | None) -> dict[Any, Any]:
        """Write the buffered states of ``chat_id`` in the update's transaction.

        PTB hands over every chat's changes at once; each chat's own update (processed
        under its lock) writes its own, in order. Returns what was taken from the buffer,
        for :meth:`restore` if the transaction then fails.
        """
        prefix = None if chat_id is None else f"[{chat_id},"
        mine = {k: v for k, v in self._pending.items() if prefix is None or k[1].startswith(prefix)}
        for k in mine:
            del self._pending[k]
        repo = ConversationRepository(session)
        now = self._clock.now()
        for (name, key), (user_id, state) in mine.items():
            if state is None:
                await repo.remove(name, key)
            else:
                await repo.put(name, key, user_id, state, now)
        return mine

    def restore(self, taken: dict[Any, Any]) -> None:
        """Put states back into the buffer after a failed write (a newer state wins)."""
        for k, v in taken.items():
            self._pending.setdefault(k, v)

    # Nothing else is persisted.
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None

    async def flush(self) -> None:
        """Called by PTB on shutdown, after its last update_persistence()."""
        async with self._factory() as s:
            taken = await self.write(s, None)
            try:
                await s.commit()
            except Exception:
                self.restore(taken)
                raise
