"""Validate Bot API calls (and the emulator's own answers) against the official spec.

The spec is the subset in ``spec/bot-api-subset.json`` (see ``make_spec.py``).  What is
checked, for every parameter and recursively inside JSON objects:

* the method exists; required fields are present; the value has one of the documented types
  (``Integer``, ``Float``, ``Boolean``, ``String``, ``InputFile``, ``Array of X``, objects,
  and unions such as ``BotCommandScope`` resolved through their subtypes);
* **unknown parameters and unknown object fields are refused.**  Telegram silently ignores
  them; the emulator is stricter because a misspelled parameter is always a bug;
* length limits written in the field descriptions ("1-64 bytes", "1-256 characters"; counted
  in UTF-16 code units) and constants such as "Scope type, must be chat".  Limits that say
  "after entities parsing" are checked by ``checks.py``, which knows the parse mode;
* a few rules stated in prose: an InlineKeyboardButton needs exactly one action field, a
  BotCommand is ``[a-z0-9_]{1,32}``.

Form-encoded values are strings; as tdlib does, each is read according to the field's type:
``"123"`` is an Integer, ``"true"`` a Boolean, objects and arrays are JSON text.  Telegram also
accepts ``"1"``/``"0"`` style booleans; the emulator only accepts ``true``/``false`` (PTB sends
JSON).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .html import utf16_len
from .models import UploadedFile

__all__ = ["SUBSET_PATH", "FieldSpec", "Limit", "Spec", "ValidationError"]

SUBSET_PATH = Path(__file__).resolve().parent / "spec" / "bot-api-subset.json"

_LIMIT_RE = re.compile(r"(\d+)-(\d+)\s*(characters|bytes)")
_CONST_RE = re.compile(r'(?:, must be ([A-Za-z_]+)|always "([A-Za-z_]+)")$')
_ENUM_RE = re.compile(r"[Mm]ust be one of (.*)")
_QUOTED_RE = re.compile(r'"([^"]+)"')
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_PRIMITIVES = frozenset({"Integer", "Float", "Boolean", "True", "String", "InputFile"})


class ValidationError(Exception):
    """The call is invalid; ``errors`` are human-readable reasons (without "Bad Request: ")."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Limit:
    low: int
    high: int
    unit: str  # "characters" (UTF-16 code units) or "bytes" (UTF-8)
    after_entities: bool

    def measure(self, value: str) -> int:
        return len(value.encode("utf-8")) if self.unit == "bytes" else utf16_len(value)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool
    description: str

    @property
    def limit(self) -> Limit | None:
        match = _LIMIT_RE.search(self.description)
        if match is None or self.types != ("String",):
            return None
        after = "after entit" in self.description
        return Limit(int(match.group(1)), int(match.group(2)), match.group(3), after)

    @property
    def constant(self) -> str | None:
        match = _CONST_RE.search(self.description)
        return (match.group(1) or match.group(2)) if match else None

    @property
    def enum(self) -> tuple[str, ...] | None:
        match = _ENUM_RE.search(self.description)
        if match is None or self.types != ("String",):
            return None
        return tuple(_QUOTED_RE.findall(match.group(1))) or None


def _type_label(types: tuple[str, ...]) -> str:
    return " or ".join(types)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Spec:
    """The Bot API methods and types the emulator knows, with validation helpers."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = str(data.get("version", "?"))
        self._methods: dict[str, dict[str, FieldSpec]] = {}
        self._returns: dict[str, tuple[str, ...]] = {}
        for name, method in data["methods"].items():
            self._methods[name] = {f["name"]: self._field(f) for f in method.get("fields", [])}
            self._returns[name] = tuple(method.get("returns", []))
        self._types: dict[str, dict[str, FieldSpec]] = {}
        self._subtypes: dict[str, tuple[str, ...]] = {}
        for name, definition in data["types"].items():
            if "subtypes" in definition:
                self._subtypes[name] = tuple(definition["subtypes"])
            self._types[name] = {f["name"]: self._field(f) for f in definition.get("fields", [])}
        self._object_rules: dict[str, Callable[[dict[str, Any], str], list[str]]] = {
            "InlineKeyboardButton": self._check_inline_button,
            "BotCommand": self._check_bot_command,
        }

    @staticmethod
    def _field(raw: Mapping[str, Any]) -> FieldSpec:
        return FieldSpec(
            raw["name"], tuple(raw["types"]), bool(raw["required"]), raw["description"]
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Spec:
        """Load the bundled subset (cached) or the spec file at ``path``."""
        if path is None:
            return _bundled_spec()
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    # -- queries --------------------------------------------------------------------------

    def has_method(self, name: str) -> bool:
        return name in self._methods

    @property
    def method_names(self) -> frozenset[str]:
        return frozenset(self._methods)

    def fields(self, method: str) -> dict[str, FieldSpec]:
        return self._methods[method]

    def returns(self, method: str) -> tuple[str, ...]:
        return self._returns[method]

    # -- decoding a call ------------------------------------------------------------------

    def decode_params(self, method: str, raw: Mapping[str, str | UploadedFile]) -> dict[str, Any]:
        """Decode form values of ``method`` by their spec types and validate them.

        ``raw`` maps parameter (or multipart part) names to strings or uploaded files.  File
        parts that are not parameters must be referenced by an ``attach://<name>`` value.
        Raises :class:`ValidationError` listing every problem.
        """
        fields = self._methods[method]
        errors: list[str] = []
        files = {k: v for k, v in raw.items() if isinstance(v, UploadedFile)}
        texts = [v for v in raw.values() if isinstance(v, str)]
        for key in raw:
            if key in fields:
                continue
            if key in files and any(f"attach://{key}" in text for text in texts):
                continue
            errors.append(
                f'unknown parameter "{key}" for {method} (Telegram silently ignores it; '
                "the emulator refuses it because it is a bug)"
            )
        params: dict[str, Any] = {}
        for name, spec_field in fields.items():
            if name not in raw:
                if spec_field.required:
                    errors.append(f"{name} is empty: required parameter of {method} is missing")
                continue
            value, field_errors = self._decode_value(spec_field, raw[name], files)
            errors.extend(field_errors)
            if not field_errors:
                params[name] = value
        if errors:
            raise ValidationError(errors)
        return params

    def _decode_value(
        self, spec_field: FieldSpec, raw: str | UploadedFile, files: Mapping[str, UploadedFile]
    ) -> tuple[Any, list[str]]:
        name, types = spec_field.name, spec_field.types
        if isinstance(raw, UploadedFile):
            if "InputFile" in types:
                return raw, []
            return None, [f"{name}: a file was uploaded, but the field is {_type_label(types)}"]
        if "InputFile" in types and raw.startswith("attach://"):
            attached = files.get(raw[len("attach://") :])
            if attached is None:
                return None, [f'{name}: "{raw}" refers to a file part that was not uploaded']
            return attached, []
        non_string = [t for t in types if t not in ("String", "InputFile")]
        typed_errors: list[str] = []
        if non_string:
            try:
                candidate = json.loads(raw)
            except ValueError:
                typed_errors = [f"{name} must be {_type_label(types)}, got {_show(raw)}"]
            else:
                typed_errors = self.check_value(tuple(non_string), candidate, name)
                if not typed_errors:
                    return candidate, self._field_checks(spec_field, candidate, name)
        if "String" in types or "InputFile" in types:
            return raw, self._field_checks(spec_field, raw, name)
        return None, typed_errors

    # -- typed checks ---------------------------------------------------------------------

    def check_object(self, type_name: str, value: Any, path: str = "") -> list[str]:
        """Errors of ``value`` as an instance of ``type_name`` (e.g. an answer we produce)."""
        return self.check_value((type_name,), value, path or type_name)

    def check_value(self, types: tuple[str, ...], value: Any, path: str) -> list[str]:
        """Errors of ``value`` against any of ``types``; [] if it matches one of them."""
        if len(types) == 1:
            return self._check_type(types[0], value, path)
        best: list[str] | None = None
        best_score = -1
        for type_name in types:
            errors = self._check_type(type_name, value, path)
            if not errors:
                return []
            score = self._match_score(type_name, value)
            if score > best_score or (score == best_score and best and len(errors) < len(best)):
                best, best_score = errors, score
        if best_score <= 0:
            return [f"{path} must be {_type_label(types)}, got {_show(value)}"]
        return best or []

    def _match_score(self, type_name: str, value: Any) -> int:
        """How much ``value`` looks like ``type_name`` (to report the most relevant errors)."""
        if not isinstance(value, dict):
            return 0
        if type_name in self._subtypes:
            return max(self._match_score(sub, value) for sub in self._subtypes[type_name])
        fields = self._types.get(type_name, {})
        score = sum(1 for key in value if key in fields)
        for key, spec_field in fields.items():
            if spec_field.constant is not None and value.get(key) == spec_field.constant:
                score += 100
        return score

    def _check_type(self, type_name: str, value: Any, path: str) -> list[str]:
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                return [f"{path} must be {type_name}, got {_show(value)}"]
            inner = type_name[len("Array of ") :]
            errors: list[str] = []
            for index, item in enumerate(value):
                errors.extend(self._check_type(inner, item, f"{path}[{index}]"))
            return errors
        if type_name in _PRIMITIVES:
            ok = {
                "Integer": _is_int(value),
                "Float": _is_int(value) or isinstance(value, float),
                "Boolean": isinstance(value, bool),
                "True": value is True,
                "String": isinstance(value, str),
                "InputFile": isinstance(value, UploadedFile),
            }[type_name]
            return [] if ok else [f"{path} must be {type_name}, got {_show(value)}"]
        if type_name in self._subtypes:
            return self._check_union(type_name, value, path)
        if type_name not in self._types:
            return [f"{path}: type {type_name} is not in the emulator's spec subset"]
        return self._check_fields(type_name, value, path)

    def _check_union(self, type_name: str, value: Any, path: str) -> list[str]:
        """A union like BotCommandScope: pick the subtype by its discriminator constant."""
        subtypes = self._subtypes[type_name]
        if isinstance(value, dict):
            constants: dict[str, set[str]] = {}
            for sub in subtypes:
                for name, spec_field in self._types.get(sub, {}).items():
                    if spec_field.constant is not None:
                        constants.setdefault(name, set()).add(spec_field.constant)
            for name, allowed in constants.items():
                if len(allowed) == len(subtypes) and value.get(name) not in allowed:
                    return [
                        f"{path} must be {type_name}: {path}.{name} must be one of "
                        f"{', '.join(sorted(allowed))}; got {_show(value.get(name))}"
                    ]
        return self.check_value(subtypes, value, path)

    def _check_fields(self, type_name: str, value: Any, path: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{path} must be a {type_name} object, got {_show(value)}"]
        fields = self._types[type_name]
        errors = [
            f'{path}: unknown field "{key}" in {type_name} (Telegram ignores it; the emulator '
            "refuses it)"
            for key in value
            if key not in fields
        ]
        for name, spec_field in fields.items():
            sub_path = f"{path}.{name}"
            if name not in value:
                if spec_field.required:
                    errors.append(f"{sub_path}: required field of {type_name} is missing")
                continue
            field_errors = self.check_value(spec_field.types, value[name], sub_path)
            if not field_errors:
                field_errors = self._field_checks(spec_field, value[name], sub_path)
            errors.extend(field_errors)
        rule = self._object_rules.get(type_name)
        if rule is not None and not errors:
            errors.extend(rule(value, path))
        return errors

    def _field_checks(self, spec_field: FieldSpec, value: Any, path: str) -> list[str]:
        """Documented limits/constants of a string field (not the after-entities ones)."""
        if not isinstance(value, str):
            return []
        limit = spec_field.limit
        if limit is not None and not limit.after_entities:
            size = limit.measure(value)
            if not limit.low <= size <= limit.high:
                unit = "bytes" if limit.unit == "bytes" else "characters (UTF-16 code units)"
                detail = f"{path} is {size} {unit}, allowed {limit.low}-{limit.high}"
                if spec_field.name == "callback_data":
                    return [f"BUTTON_DATA_INVALID ({detail})"]
                return [detail]
        constant = spec_field.constant
        if constant is not None and value != constant:
            return [f'{path} must be "{constant}", got {_show(value)}']
        enum = spec_field.enum
        if enum is not None and value not in enum:
            return [f"{path} must be one of {', '.join(enum)}; got {_show(value)}"]
        return []

    # -- rules stated in prose ------------------------------------------------------------

    def _check_inline_button(self, button: dict[str, Any], path: str) -> list[str]:
        passive = {"text", "icon_custom_emoji_id", "style"}
        actions = [key for key in button if key not in passive]
        if not actions:
            return [
                f"can't parse inline keyboard button: Text buttons are unallowed in the inline "
                f"keyboard ({path} has no callback_data/url/... field)"
            ]
        if len(actions) > 1:
            return [f"{path}: exactly one of {', '.join(sorted(actions))} may be used"]
        return []

    def _check_bot_command(self, command: dict[str, Any], path: str) -> list[str]:
        text = command.get("command", "")
        if not _COMMAND_RE.fullmatch(text):
            return [
                f"BOT_COMMAND_INVALID ({path}.command {text!r}: 1-32 lowercase English letters, "
                "digits and underscores)"
            ]
        return []


@cache
def _bundled_spec() -> Spec:
    return Spec(json.loads(SUBSET_PATH.read_text(encoding="utf-8")))
