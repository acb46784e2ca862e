"""Strict YAML reading: a tree of located nodes, never Python objects built by a YAML loader.

Only plain data is accepted: mappings, sequences and scalars. Refused, at the line to fix:

- tags (``!!python/object:...``, ``!x``): they ask a loader to construct objects;
- anchors and aliases (``&a``, ``*a``): an alias repeats a node, so a few lines of them
  make billions of nodes (a YAML bomb);
- a key given twice in one mapping: a loader keeps the last one silently;
- a key that is a list or mapping (``? [a]``): keys are names;
- nesting deeper than MAX_DEPTH levels, and texts over MAX_SOURCE_CHARS: bounded work;
- a control character made by an escape in double quotes: ``"\\frac{1}{2}"`` turns
  ``\\f`` into a form feed, LaTeX belongs in single quotes;
- syntax errors (explained by ``yamlerrors``), several documents, or none;

- a merge key (a plain ``<<``): nothing is ever merged, so it would silently mean less
  than it says; a quoted ``'<<'`` is an ordinary key.

Scalars keep their source
text so that ``0.2`` stays the exact decimal it was written as, with the core type
(str, int, float, bool, null) PyYAML's resolver gives a plain scalar; quoted and block
scalars are text. Every node knows its line so errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from solver.errors import Location, SpecError
from solver.spec.yamlerrors import explain

MAX_SOURCE_CHARS = 1_000_000
MAX_DEPTH = 40
PLAIN = (None, "")  # a plain scalar's style: the pure-Python parser's, then libyaml's
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG_PREFIX = "tag:yaml.org,2002:"
_CORE_TYPES = frozenset(("str", "int", "float", "bool", "null"))
_QUOTED_STYLES = frozenset(("'", '"', "|", ">"))
_ESCAPE_NAMES = {
    "\x07": r"\a",
    "\x08": r"\b",
    "\t": r"\t",
    "\n": r"\n",
    "\x0b": r"\v",
    "\x0c": r"\f",
    "\r": r"\r",
    "\x1b": r"\e",
    "\x00": r"\0",
}


@dataclass(frozen=True)
class YScalar:
    """A scalar with its source text and the YAML core type it resolved to."""

    text: str
    type: str  # str | int | float | bool | null
    line: int
    quoted: bool = False


@dataclass(frozen=True)
class YSeq:
    """A YAML sequence."""

    items: tuple[YNode, ...]
    line: int


@dataclass(frozen=True)
class YMap:
    """A YAML mapping with unique string keys, in source order."""

    items: dict[str, YNode]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)


YNode = YScalar | YSeq | YMap


def node_kind(node: YNode) -> str:
    """Name a node's kind the way an error message should."""
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    return {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
            "null": "empty"}[node.type]


def read_yaml(text: str, file: str) -> YNode:
    """Parse ``text`` (the contents of ``file``) into located nodes, or raise SpecError.

    The tree is built in one pass over the parser's events. Whatever that pass would have
    to refuse (an alias, anchor or tag, a syntax error, a second document, no document,
    nesting deeper than MAX_DEPTH, a key that is not a scalar, a duplicate key, a merge
    key, a control character from a double-quoted escape) sends the text through
    ``_read_yaml_reference`` instead, so every error is the one that path reports.
    """
    if len(text) > MAX_SOURCE_CHARS:
        raise SpecError(Location(file), f"file is larger than {MAX_SOURCE_CHARS:,} characters")
    root = build_tree(text, _SAFE_LOADER)
    return _read_yaml_reference(text, file) if root is None else root


def _read_yaml_reference(text: str, file: str) -> YNode:
    """Read ``text`` in three walks: refuse aliases, anchors and tags over the parser's
    events; compose PyYAML nodes; convert them, refusing what plain data may not hold.
    ``read_yaml`` gives the same tree or the same error, faster."""
    if len(text) > MAX_SOURCE_CHARS:
        raise SpecError(Location(file), f"file is larger than {MAX_SOURCE_CHARS:,} characters")
    try:
        _refuse_tags_and_aliases(text, file)
        root = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as error:
        line, message = explain(error, text)
        raise SpecError(Location(file, line), f"YAML syntax error: {message}") from None
    except yaml.YAMLError as error:
        raise SpecError(Location(file), f"YAML error: {error}") from None
    if root is None:
        raise SpecError(Location(file, 1), "the file is empty")
    return _convert(root, file, depth=0)


class _OpenMap:
    """A mapping whose end event has not come yet; ``key`` waits for its value."""

    __slots__ = ("items", "key_lines", "line", "key")

    def __init__(self, line: int):
        self.items: dict[str, YNode] = {}
        self.key_lines: dict[str, int] = {}
        self.line = line
        self.key: str | None = None


class _OpenSeq:
    """A sequence whose end event has not come yet."""

    __slots__ = ("items", "line")

    def __init__(self, line: int):
        self.items: list[YNode] = []
        self.line = line


def build_tree(text: str, loader_class: type) -> YNode | None:
    """The tree of ``text`` built in one pass over its parser events, or None where the
    text holds anything plain data may not (see ``read_yaml``), including a syntax error."""
    try:
        loader = loader_class(text)
        try:
            return _build(loader.get_event, loader.resolve)
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return None


def _build(get_event, resolve) -> YNode | None:
    """Build nodes from events with a stack of open collections. A plain scalar gets the
    core type the composer would tag it with: PyYAML's resolver on its value."""
    stack: list[_OpenMap | _OpenSeq] = []
    top: _OpenMap | _OpenSeq | None = None
    root: YNode | None = None
    documents = 0
    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor or event.tag:
                return None
            value, line = event.value, event.start_mark.line + 1
            if type(top) is _OpenMap and top.key is None:
                if value in top.items or (value == "<<" and event.style in PLAIN):
                    return None
                top.key = value
                top.key_lines[value] = line
                continue
            if len(stack) > MAX_DEPTH:
                return None
            style = event.style
            if style in _QUOTED_STYLES:
                if style == '"' and any(char in value for char in _ESCAPE_NAMES):
                    return None
                node: YNode = YScalar(value, "str", line, True)
            else:
                type_name = resolve(ScalarNode, value, event.implicit).removeprefix(_TAG_PREFIX)
                node = YScalar(value, type_name if type_name in _CORE_TYPES else "str", line)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor or event.tag or len(stack) > MAX_DEPTH \
                    or (type(top) is _OpenMap and top.key is None):
                return None
            line = event.start_mark.line + 1
            top = _OpenMap(line) if kind is MappingStartEvent else _OpenSeq(line)
            stack.append(top)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            node = YMap(top.items, top.line, top.key_lines) if kind is MappingEndEvent \
                else YSeq(tuple(top.items), top.line)
            top = stack[-1] if stack else None
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                return None
            continue
        elif kind is StreamEndEvent:
            return root
        elif kind is AliasEvent:
            return None
        else:
            continue
        if top is None:
            root = node
        elif type(top) is _OpenMap:
            top.items[top.key] = node
            top.key = None
        else:
            top.items.append(node)


def _refuse_tags_and_aliases(text: str, file: str) -> None:
    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent):
            raise SpecError(Location(file, line), "YAML aliases (*name) are not allowed")
        if getattr(event, "anchor", None):
            raise SpecError(Location(file, line), "YAML anchors (&name) are not allowed")
        if getattr(event, "tag", None) and not isinstance(event, DocumentStartEvent):
            raise SpecError(
                Location(file, line), f"YAML tags ({event.tag}) are not allowed: write plain data"
            )


def _convert(node: yaml.Node, file: str, depth: int) -> YNode:
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise SpecError(Location(file, line), f"nesting deeper than {MAX_DEPTH} levels")
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, file, line)
    if isinstance(node, yaml.SequenceNode):
        return YSeq(tuple(_convert(item, file, depth + 1) for item in node.value), line)
    items: dict[str, YNode] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise SpecError(Location(file, key_line), "a mapping key must be plain text")
        key = key_node.value
        if key == "<<" and key_node.style in PLAIN:
            raise SpecError(Location(file, key_line), "YAML merge keys (<<) are not allowed")
        if key in items:
            raise SpecError(
                Location(file, key_line),
                f"duplicate key '{key}' (first at line {key_lines[key]})",
            )
        key_lines[key] = key_line
        items[key] = _convert(value_node, file, depth + 1)
    return YMap(items, line, key_lines)


def _scalar(node: yaml.ScalarNode, file: str, line: int) -> YScalar:
    quoted = node.style in ("'", '"', "|", ">")
    if node.style == '"':
        for char, escape in _ESCAPE_NAMES.items():
            if char in node.value:
                raise SpecError(
                    Location(file, line),
                    f"double-quoted text turned '{escape}' into a control character",
                    hint="write LaTeX in single quotes, e.g. '\\frac{1}{2}'",
                )
    type_name = node.tag.removeprefix(_TAG_PREFIX) if not quoted else "str"
    if type_name not in ("str", "int", "float", "bool", "null"):
        type_name = "str"
    return YScalar(node.value, type_name, line, quoted)
