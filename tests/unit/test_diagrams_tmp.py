"""Each conversation's state diagram (handlers/<name>.mmd) draws exactly its states.

The diagrams are Mermaid ``stateDiagram-v2`` files beside the handlers, one per entry of
``handlers.CONVERSATIONS``, named for the conversation. A state added to a handler and
not drawn (or drawn and gone from the handler) fails here, as does a state drawn but
unreachable from the entry or with no way out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from telegram.ext import ConversationHandler

from handlers import CONVERSATIONS, Conversation

ROOT = Path(__file__).resolve().parents[2]
HANDLERS = ROOT / "handlers"
START, END = "[*] start", "[*] end"

_ARROW = re.compile(r"^(?P<src>\[\*\]|\w+)\s*-->\s*(?P<dst>\[\*\]|\w+)\s*(?::.*)?$")
_STATE_AS = re.compile(r'^state\s+"[^"]*"\s+as\s+(?P<name>\w+)$')
_STATE = re.compile(r"^state\s+(?P<name>\w+)$")
_DESCRIBED = re.compile(r"^(?P<name>\w+)\s*:.*$")
_NOTE_LINE = re.compile(r"^note\s+(?:left|right)\s+of\s+\w+\s*:.*$")
_NOTE_BLOCK = re.compile(r"^note\s+(?:left|right)\s+of\s+(?P<name>\w+)$")
_IGNORED = ("%%", "classDef ", "class ", "direction ")


def read_diagram(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The state names and the transitions of a Mermaid state diagram.

    ``[*]`` is left out of the names; in transitions it becomes :data:`START` as a source
    and :data:`END` as a target. Notes and comments are skipped; any other line raises
    ValueError, so that nothing drawn is silently missed.
    """
    lines = [line.strip() for line in text.splitlines()]
    if not lines or lines[0] != "stateDiagram-v2":
        raise ValueError("a diagram starts with 'stateDiagram-v2'")
    names: set[str] = set()
    edges: set[tuple[str, str]] = set()
    in_note = False
    for line in lines[1:]:
        if in_note:
            in_note = line != "end note"
            continue
        if not line or line.startswith(_IGNORED) or _NOTE_LINE.match(line):
            continue
        if m := _NOTE_BLOCK.match(line):
            in_note = True
            continue
        if m := _ARROW.match(line):
            src, dst = m["src"], m["dst"]
            names.update(n for n in (src, dst) if n != "[*]")
            edges.add((START if src == "[*]" else src, END if dst == "[*]" else dst))
            continue
        if m := _STATE_AS.match(line) or _STATE.match(line) or _DESCRIBED.match(line):
            names.add(m["name"])
            continue
        raise ValueError(f"a line this reader doesn't know: {line!r}")
    if in_note:
        raise ValueError("a note without 'end note'")
    return names, edges


def reachable(edges: Iterable[tuple[str, str]], origin: str, *, backwards: bool = False) -> set[str]:
    step: dict[str, set[str]] = {}
    for src, dst in edges:
        a, b = (dst, src) if backwards else (src, dst)
        step.setdefault(a, set()).add(b)
    seen, todo = {origin}, [origin]
    while todo:
        for nxt in step.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def diagram_of(conv: Conversation) -> Path:
    return HANDLERS / f"{conv.name}.mmd"


def test_the_reader_finds_states_and_edges_and_refuses_what_it_cannot_read():
    names, edges = read_diagram(
        "stateDiagram-v2\n"
        "    %% a comment\n"
        "    [*] --> ask : /go\n"
        "    ask --> ask : unreadable\n"
        "    ask --> [*] : an answer\n"
        '    state "Waiting" as idle\n'
        "    note right of ask\n"
        "        ghost --> nowhere\n"
        "    end note\n"
    )
    assert names == {"ask", "idle"}  # nothing from the note
    assert edges == {(START, "ask"), ("ask", "ask"), ("ask", END)}
    with pytest.raises(ValueError, match="doesn't know"):
        read_diagram("stateDiagram-v2\n    ask -> done\n")
    with pytest.raises(ValueError, match="starts with"):
        read_diagram("flowchart TB\n    a --> b\n")


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=lambda c: c.name)
def test_the_diagram_draws_exactly_the_conversations_states(conv: Conversation):
    names, _ = read_diagram(diagram_of(conv).read_text(encoding="utf-8"))
    assert len(set(conv.states)) == len(conv.states)
    assert names == set(conv.states)


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=lambda c: c.name)
def test_the_built_handler_has_the_listed_states(conv: Conversation):
    handler = conv.build(lambda: [])
    assert handler.name == conv.name
    assert set(handler.states) - {ConversationHandler.TIMEOUT} == set(conv.states)


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=lambda c: c.name)
def test_every_drawn_state_is_entered_and_can_end(conv: Conversation):
    _, edges = read_diagram(diagram_of(conv).read_text(encoding="utf-8"))
    assert set(conv.states) <= reachable(edges, START)
    assert set(conv.states) <= reachable(edges, END, backwards=True)


def _docstrings() -> dict[str, str]:
    paths = [*HANDLERS.glob("*.py"), *(ROOT / "bot" / "services").glob("*.py")]
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in paths}


def test_every_diagram_a_module_names_exists():
    named = {(path, m) for path, text in _docstrings().items()
             for m in re.findall(r"handlers/[\w<>]+\.mmd", text)}
    missing = sorted((path, m) for path, m in named if "<" not in m and not (ROOT / m).is_file())
    assert missing == []
    assert {m for _, m in named} >= {f"handlers/{c.name}.mmd" for c in CONVERSATIONS}


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=lambda c: c.name)
def test_the_handler_module_points_to_its_diagram(conv: Conversation):
    module = __import__(conv.build.__module__, fromlist=["_"])
    assert f"handlers/{conv.name}.mmd" in (module.__doc__ or "")
