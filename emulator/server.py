"""The aiohttp application: Telegram's HTTP surface on loopback.

Routes, as on ``api.telegram.org``:

* ``GET|POST /bot<token>/<method>``: parameters from the query string and the body, which may
  be ``application/x-www-form-urlencoded`` (what PTB sends without files: every non-string
  value JSON-encoded), ``multipart/form-data`` (PTB with uploads: the file part is named after
  the parameter, e.g. ``document``, or referenced as ``attach://<part>``) or
  ``application/json`` (top-level values are converted to strings and then read like form
  values, as tdlib does);
* ``GET /file/bot<token>/<file_path>``: download a file the bot uploaded.

Answers use Telegram's envelope: ``{"ok": true, "result": ...}`` or ``{"ok": false,
"error_code": N, "description": "...", "parameters": {...}}``.  A wrong token gets 401
"Unauthorized" (404 "Not Found" if it is not even token-shaped); an unknown method 404
"Not Found".

Every answer is recorded (:attr:`ApiServer.calls`).  Non-2xx answers are either *refusals*
(injected 403/429, see ``faults.py``) or *violations* (anything else: the bot sent a request
Telegram refuses).  Results are checked against the spec too; an emulator answer that does not
match its documented type is reported as a violation starting with "EMULATOR BUG".
"""

from __future__ import annotations

import json
import logging
import re
import socket
from collections.abc import Callable
from typing import Any

from aiohttp import BodyPartReader, web

from .checks import check_call
from .faults import Faults, InjectedError
from .methods import CHAT_SEND_METHODS, HANDLERS, Call
from .models import ApiCall, ApiError, Refusal, TgChat, UploadedFile, Violation
from .spec import Spec, ValidationError
from .state import EmulatorState

__all__ = ["ApiServer"]

_LOG = logging.getLogger(__name__)
_TOKEN_SHAPE = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")
_MAX_BODY = 60 * 1024 * 1024
_MAX_UPLOAD = 50 * 1024 * 1024

RawParams = dict[str, str | UploadedFile]


class _BadBody(Exception):
    pass


async def _read_multipart(request: web.Request, raw: RawParams) -> None:
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            raise _BadBody("nested or unnamed multipart parts are not supported")
        if part.filename is not None:
            data = bytes(await part.read(decode=False))
            if len(data) > _MAX_UPLOAD:
                raise ApiError(413, "Request Entity Too Large")
            content_type = part.headers.get("Content-Type")
            raw[part.name] = UploadedFile(part.name, part.filename, content_type, data)
        else:
            raw[part.name] = await part.text()


async def read_params(request: web.Request) -> RawParams:
    """Collect the call's parameters as strings (or uploaded files), like Telegram."""
    raw: RawParams = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return raw
    content_type = request.content_type
    if content_type == "multipart/form-data":
        await _read_multipart(request, raw)
    elif content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise _BadBody(f"invalid JSON body: {exc}") from None
        if not isinstance(body, dict):
            raise _BadBody("the JSON body must be an object")
        for key, value in body.items():
            if value is not None:
                raw[key] = value if isinstance(value, str) else json.dumps(value)
    elif content_type in ("application/x-www-form-urlencoded", "application/octet-stream", ""):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, str):
                raw[key] = value
    else:
        raise _BadBody(f"unsupported Content-Type {content_type!r}")
    return raw


def _chat_id(params: dict[str, Any]) -> int | str | None:
    value = params.get("chat_id")
    return value if isinstance(value, int | str) else None


class ApiServer:
    """Serves one bot token; records calls, violations and refusals."""

    def __init__(
        self,
        state: EmulatorState,
        spec: Spec,
        faults: Faults,
        on_change: Callable[[], None],
    ) -> None:
        self.state = state
        self.spec = spec
        self.faults = faults
        self.calls: list[ApiCall] = []
        self.violations: list[Violation] = []
        self.refusals: list[Refusal] = []
        self._on_change = on_change
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # -- lifecycle ------------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        return app

    async def start(self, host: str, port: int) -> int:
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        # handler_cancellation: a long poll whose client went away (PTB cancels it on stop)
        # is cancelled, so it can't "conflict" with the bot's next getUpdates.
        self._runner = web.AppRunner(
            self.make_app(), handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        self.port = int(sock.getsockname()[1])
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            self.state.updates.set_closing(True)
            await self._runner.cleanup()
            self._runner = None
            self.state.updates.set_closing(False)

    # -- request handling -----------------------------------------------------------------

    def _token_error(self, token: str) -> ApiError | None:
        if token == self.state.token:
            return None
        if _TOKEN_SHAPE.fullmatch(token):
            return ApiError(401, "Unauthorized")
        return ApiError(404, "Not Found")

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        error = self._token_error(request.match_info["token"])
        if error is not None:
            return web.json_response(error.payload(), status=error.error_code)
        stored = self.state.files_by_path.get(request.match_info["file_path"])
        if stored is None:
            error = ApiError(404, "Not Found: file not found")
            return web.json_response(error.payload(), status=404)
        return web.Response(body=stored.data, content_type=stored.mime_type)

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw: RawParams = {}
        params: dict[str, Any] = {}
        try:
            raw = await read_params(request)
            params = dict(raw)
            status, payload, params = await self._dispatch(request.match_info["token"], method, raw)
        except _BadBody as exc:
            status, payload = self._refuse(method, params, ApiError(400, f"Bad Request: {exc}"))
        except ApiError as exc:
            status, payload = self._refuse(method, params, exc)
        except Exception as exc:  # an emulator bug: make it loud, not a hang
            _LOG.exception("emulator failed to handle %s", method)
            bug = ApiError(500, f"EMULATOR BUG: {method} raised {exc!r}")
            status, payload = self._refuse(method, params, bug)
        self.calls.append(ApiCall(method, params, status, payload))
        self._on_change()
        return web.json_response(payload, status=status)

    def _refuse(
        self, method: str, params: dict[str, Any], error: ApiError, chat_id: int | None = None
    ) -> tuple[int, dict[str, Any]]:
        if isinstance(error, InjectedError):
            self.refusals.append(
                Refusal(method, params, error.description, error.error_code, chat_id)
            )
        else:
            self.violations.append(Violation(method, params, error.description, error.error_code))
        return error.error_code, error.payload()

    async def _dispatch(
        self, token: str, method: str, raw: RawParams
    ) -> tuple[int, dict[str, Any], dict[str, Any]]:
        """Validate and execute; returns (status, payload, params as recorded)."""
        raw_params: dict[str, Any] = dict(raw)
        token_error = self._token_error(token)
        if token_error is not None:
            return *self._refuse(method, raw_params, token_error), raw_params
        if not self.spec.has_method(method) or method not in HANDLERS:
            unknown = ApiError(404, "Not Found")
            return *self._refuse(method, raw_params, unknown), raw_params
        try:
            params = self.spec.decode_params(method, raw)
            parsed = check_call(self.spec, method, params)
        except ValidationError as exc:
            invalid = ApiError(400, f"Bad Request: {exc}")
            return *self._refuse(method, raw_params, invalid), raw_params
        chat: TgChat | None = None
        try:
            chat = self._target_chat(method, params)
            if chat is not None and method in CHAT_SEND_METHODS:
                self.faults.check(chat.id)
            result = await HANDLERS[method](Call(self.state, method, params, parsed, chat))
        except ApiError as exc:
            return *self._refuse(method, params, exc, chat.id if chat else None), params
        problems = self.spec.check_value(self.spec.returns(method), result, f"{method} result")
        if problems:
            _LOG.error("emulator produced an invalid %s result: %s", method, problems)
            bug = ApiError(500, f"EMULATOR BUG: invalid {method} result: {'; '.join(problems)}")
            return *self._refuse(method, params, bug), params
        return 200, {"ok": True, "result": result}, params

    def _target_chat(self, method: str, params: dict[str, Any]) -> TgChat | None:
        """Resolve ``chat_id``; 403 if the bot left that group (a bug: it left it itself)."""
        chat_id = _chat_id(params)
        if chat_id is None or method == "setChatMenuButton":
            return None
        chat = self.state.resolve_chat(chat_id)
        if chat.id in self.state.left_chats and method in CHAT_SEND_METHODS:
            kind = "channel" if chat.type == "channel" else f"{chat.type} chat"
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind}")
        return chat
