"""The public face of the emulator: start/stop, act as users, inspect what the bot did."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from .faults import Faults
from .methods import commands_key
from .models import ApiCall, ChatMessage, Refusal, TgChat, TgUser, Violation
from .server import ApiServer
from .spec import Spec
from .state import BOT_USERNAME, EmulatorState
from .updates import Signal

__all__ = ["BotApiEmulator"]

_LOG = logging.getLogger(__name__)
_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,64})?(?![A-Za-z0-9_@])")

BotMessageHook = Callable[[int, ChatMessage, bool], None]


class BotApiEmulator:
    """A loopback Telegram Bot API server for one bot token.

    Point the bot at it with ``base_url=f"{emu.base_url}/bot"`` and
    ``base_file_url=f"{emu.base_url}/file/bot"``.  Methods that create updates (``send_text``,
    ``press``, ...) are synchronous and must be called from the event loop's thread.
    """

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        max_per_second: int | None = None,
        max_per_chat_per_second: int | None = None,
        spec: Spec | None = None,
        first_update_id: int = 1,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.host = host
        self._requested_port = port
        self.spec = spec or Spec.load()
        self._changed = Signal()
        # Telegram numbers updates upward; the console continues from the highest id its
        # database has seen, so a second run never reuses an id.
        self._state = EmulatorState(token, self._changed.notify, first_update_id, clock)
        self._faults = Faults(max_per_second, max_per_chat_per_second)
        self._server = ApiServer(self._state, self.spec, self._faults, self._changed.notify)
        self._state.listeners.append(self._fire_hook)
        self.on_bot_message: BotMessageHook | None = None

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        await self._server.start(self.host, self._requested_port)

    async def stop(self) -> None:
        await self._server.stop()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """``http://host:port``; the bot's API base is ``f"{base_url}/bot"``."""
        if self._server.port is None:
            raise RuntimeError("the emulator is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._server.port}"

    @property
    def token(self) -> str:
        return self._state.token

    @property
    def bot_id(self) -> int:
        return self._state.bot_id

    # -- acting as Telegram users ---------------------------------------------------------

    def add_chat(self, chat: TgChat) -> None:
        """Make a chat known (e.g. a user who started the bot in an earlier session)."""
        self._state.add_chat(chat)

    def send_text(self, user: TgUser, text: str, chat: TgChat | None = None) -> int:
        """The user sends ``text`` (private chat unless ``chat``); returns the update_id.

        A leading ``/command`` (or ``/command@bot``) gets a ``bot_command`` entity.
        """
        chat = chat or user.private_chat()
        if chat.id in self._state.left_chats:
            raise ValueError(f"the bot left chat {chat.id}; it would not receive this message")
        self._state.add_chat(chat)
        entities: list[dict[str, Any]] = []
        match = _COMMAND_RE.match(text)
        if match:
            entities.append({"type": "bot_command", "offset": 0, "length": match.end()})
        message = self._state.new_message(
            chat.id, from_bot=False, sender=user, text=text, entities=entities, source_text=text
        )
        return self.enqueue({"message": self._state.message_dict(message)})

    def edit_text(self, user: TgUser, message_id: int, text: str, chat: TgChat | None = None,
                  ) -> int:
        """The user edits their message ``message_id`` to ``text`` (an ``edited_message``
        update, as Telegram sends when someone fixes a typo); returns the update_id.

        Only the user's own text messages can be edited, as in Telegram.
        """
        chat = chat or user.private_chat()
        message = self._state.find_message(chat.id, message_id)
        if message is None or message.from_bot or message.kind != "text" or message.text is None:
            raise ValueError(f"no text message {message_id} of the user in chat {chat.id}")
        match = _COMMAND_RE.match(text)
        message.text, message.source_text = text, text
        message.entities = (
            [{"type": "bot_command", "offset": 0, "length": match.end()}] if match else []
        )
        message.edited = True
        message.edit_date = max(int(self._state.clock()), message.date)
        return self.enqueue({"edited_message": self._state.message_dict(message)})

    def send_media(self, user: TgUser, kind: str, chat: TgChat | None = None) -> int:
        """The user sends a ``"voice"`` note, a ``"sticker"``, a ``"photo"`` or a
        ``"document"`` (without a caption); returns the update_id."""
        chat = chat or user.private_chat()
        self._state.add_chat(chat)
        message = self._state.new_message(chat.id, from_bot=False, sender=user)
        data = self._state.message_dict(message)
        n = f"{chat.id}_{message.message_id}"
        file = {"file_id": f"USR{kind[:3].upper()}{n}", "file_unique_id": f"U{n}"}
        if kind == "voice":
            data["voice"] = file | {"duration": 3, "mime_type": "audio/ogg"}
        elif kind == "sticker":
            data["sticker"] = file | {"type": "regular", "width": 512, "height": 512,
                                      "is_animated": False, "is_video": False, "emoji": "👍"}
        elif kind == "photo":
            data["photo"] = [file | {"width": 640, "height": 480}]
        elif kind == "document":
            data["document"] = file | {"file_name": "bill.pdf", "mime_type": "application/pdf"}
        else:
            raise ValueError(f"unknown kind of media: {kind!r}")
        return self.enqueue({"message": data})

    def press(
        self,
        user: TgUser,
        message_id: int,
        data: str,
        *,
        chat: TgChat | None = None,
        strict: bool = True,
    ) -> int:
        """The user taps the inline button with ``data`` under a bot message.

        With ``strict`` (default) the message must currently show a button with that
        callback_data, since a real user can tap nothing else.  Returns the update_id.
        """
        chat = chat or user.private_chat()
        message = self._state.find_message(chat.id, message_id)
        if message is None or not message.from_bot:
            raise ValueError(f"no bot message {message_id} in chat {chat.id}")
        if strict and data not in [cb for _, cb in self.buttons(message)]:
            raise ValueError(
                f"message {message_id} has no button with callback_data {data!r}; "
                f"buttons: {self.buttons(message)}"
            )
        query_id = self._state.issue_callback(user, chat.id, message_id, data)
        return self.enqueue(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.to_dict(),
                    "message": self._state.message_dict(message),
                    "chat_instance": self._state.chat_instance(chat.id),
                    "data": data,
                }
            }
        )

    def my_chat_member(self, user: TgUser, status: str) -> int:
        """The user blocks (``"kicked"``) or unblocks/restarts (``"member"``) the bot.

        Telegram then refuses sends with 403, so this also blocks/unblocks the chat.
        """
        if status not in ("kicked", "member"):
            raise ValueError("status must be 'kicked' or 'member'")
        chat = user.private_chat()
        self._state.add_chat(chat)
        old_status = "member" if status == "kicked" else "kicked"
        bot = self._state.bot_user()

        def member(state: str) -> dict[str, Any]:
            return {"status": state, "user": bot} | ({"until_date": 0} if state == "kicked" else {})

        if status == "kicked":
            self.block(chat.id)
        else:
            self.unblock(chat.id)
        return self.enqueue(
            {
                "my_chat_member": {
                    "chat": chat.to_dict(),
                    "from": user.to_dict(),
                    "date": int(self._state.clock()),
                    "old_chat_member": member(old_status),
                    "new_chat_member": member(status),
                }
            }
        )

    def enqueue(self, update: dict[str, Any]) -> int:
        """Queue a raw update (``update_id`` assigned if missing); returns its id.

        Raises ``ValueError`` if it is not a valid ``Update`` per the spec.
        """
        probe = {"update_id": 0} | update
        problems = self.spec.check_object("Update", probe)
        if problems:
            raise ValueError(f"invalid Update: {'; '.join(problems)}")
        update_id = self._state.updates.push(update)
        self._changed.notify()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Deliver an earlier update again (same update_id), as after a bot crash."""
        self._state.updates.redeliver(update_id)
        self._changed.notify()

    # -- failure injection ----------------------------------------------------------------

    def block(self, chat_id: int) -> None:
        """Sends to ``chat_id`` answer 403 "Forbidden: bot was blocked by the user"."""
        self._faults.blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self._faults.blocked.discard(chat_id)

    def rate_limit(self, chat_id: int, retry_after: int = 3, times: int = 1) -> None:
        """The next ``times`` sends to ``chat_id`` answer 429 with ``retry_after``."""
        self._faults.rate_limit(chat_id, retry_after, times)

    # -- inspection -----------------------------------------------------------------------

    @property
    def calls(self) -> list[ApiCall]:
        return self._server.calls

    @property
    def violations(self) -> list[Violation]:
        return self._server.violations

    @property
    def refusals(self) -> list[Refusal]:
        return self._server.refusals

    @property
    def left_chats(self) -> set[int]:
        return self._state.left_chats

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by the bot."""
        return self._state.updates.pending

    @property
    def polling(self) -> bool:
        """True while the bot has a getUpdates call waiting with nothing to deliver.

        That is a bot that is up and idle: it has fetched (and is handling or has handled)
        everything queued before, and is long polling for more.
        """
        return self._state.updates.polling

    @property
    def polls_begun(self) -> int:
        """How many getUpdates calls have begun (a long poll counts when it starts)."""
        return self._state.updates.polls_begun

    async def wait_for_poll(self, *, after: int = 0, timeout: float = 5.0) -> None:
        """Wait until a getUpdates call begun after the ``after``-th waits for updates.

        With the default ``after=0`` any waiting poll will do (returns at once if the bot
        is long polling now). To wait for a bot process that is starting, take
        :attr:`polls_begun` before starting it and pass it as ``after``: a poll left over
        from an earlier process (one killed while its poll was open) doesn't count.
        Raises ``TimeoutError`` (with the last API calls) if none waits in time. This
        returns as soon as the poll begins to wait, not when it times out.
        """
        updates = self._state.updates

        def waiting() -> bool:
            number = updates.waiting_poll
            return number is not None and number > after

        await self.wait_for(waiting, timeout)

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    def transcript(self, chat_id: int, *, include_deleted: bool = False) -> list[ChatMessage]:
        """Messages of the chat in order (bot's and user's), in their current state."""
        return self._state.transcript(chat_id, include_deleted=include_deleted)

    def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        return [m for m in self.transcript(chat_id) if m.from_bot]

    def last_bot_message(self, chat_id: int) -> ChatMessage | None:
        messages = self.bot_messages(chat_id)
        return messages[-1] if messages else None

    @staticmethod
    def buttons(message: ChatMessage) -> list[tuple[str, str]]:
        """(text, callback_data) of the inline keyboard, row-major ("" / url for others)."""
        markup = message.reply_markup or {}
        return [
            (button["text"], button.get("callback_data", button.get("url", "")))
            for row in markup.get("inline_keyboard", [])
            for button in row
        ]

    def commands(
        self,
        scope_type: str = "default",
        language_code: str | None = None,
        *,
        chat_id: int | str | None = None,
        user_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """Commands set with setMyCommands for exactly this scope and language."""
        scope: dict[str, Any] = {"type": scope_type}
        if chat_id is not None:
            scope["chat_id"] = chat_id
        if user_id is not None:
            scope["user_id"] = user_id
        return list(self._state.commands.get(commands_key(scope, language_code), []))

    def file(self, file_id: str) -> bytes:
        """Bytes of a file the bot uploaded."""
        return self._state.files[file_id].data

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` is true; re-checked after every API call and update.

        Raises ``TimeoutError`` describing the last calls when it does not happen in time.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_report(timeout))
            await self._changed.wait(remaining)

    def _timeout_report(self, timeout: float) -> str:
        recent = [c for c in self.calls if c.method != "getUpdates"][-10:]
        lines = [f"condition not met within {timeout} s; last API calls (getUpdates omitted):"]
        for call in recent:
            params = {k: v for k, v in call.params.items() if not isinstance(v, bytes)}
            lines.append(f"  {call.method} {params!r:.200} -> {call.http_status}")
        if not recent:
            lines.append("  (none)")
        lines.append(
            f"pending updates: {self.pending_updates}; getUpdates calls: "
            f"{len(self.calls_to('getUpdates'))}; violations: {len(self.violations)}"
        )
        lines.extend(f"  violation: {v.method}: {v.description}" for v in self.violations[-5:])
        return "\n".join(lines)

    def _fire_hook(self, message: ChatMessage, edited: bool) -> None:
        hook = self.on_bot_message
        if hook is None:
            return
        try:
            hook(message.chat_id, message, edited)
        except Exception:
            _LOG.exception("on_bot_message hook failed")

    @property
    def bot_username(self) -> str:
        return BOT_USERNAME
