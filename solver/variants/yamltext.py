"""A spec tree (``solver.spec.yamlsource`` nodes) written back as YAML text.

The nodes go to PyYAML's serializer as plain YAML nodes, never as Python objects: each
scalar keeps its source text and its core type (``0.35`` stays the decimal 0.35, the text
``'2'`` stays quoted), and the emitter quotes whatever needs it. Lists of numbers and
matrices are written in flow style, ``[[3, 6], [2, 4]]``, everything else in blocks.
Reading the text back gives the same tree (lines aside).
"""

from __future__ import annotations

import yaml

from solver.spec.yamlsource import YNode, YScalar, YSeq

_TAG = "tag:yaml.org,2002:"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def yaml_text(root: YNode) -> str:
    """The YAML text of a tree."""
    return yaml.serialize(_node(root), Dumper=_DUMPER, allow_unicode=True, width=96)


def _node(node: YNode) -> yaml.Node:
    if isinstance(node, YScalar):
        style = None
        if node.quoted and "\n" in node.text:
            style = "|"
        return yaml.ScalarNode(_TAG + node.type, node.text, style=style)
    if isinstance(node, YSeq):
        return yaml.SequenceNode(_TAG + "seq", [_node(item) for item in node.items],
                                 flow_style=_flat(node))
    return yaml.MappingNode(_TAG + "map", [(yaml.ScalarNode(_TAG + "str", key), _node(item))
                                           for key, item in node.items.items()],
                            flow_style=False)


def _flat(node: YSeq) -> bool:
    """Numbers, or lists of numbers: one line."""
    return all(isinstance(item, YScalar) or (isinstance(item, YSeq) and all(
        isinstance(entry, YScalar) for entry in item.items)) for item in node.items)
