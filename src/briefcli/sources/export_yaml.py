"""Briefings as source YAML, the format the loader reads: one file per briefing, `NNN-slug.yaml`.

Written with PyYAML's safe dumper, which quotes any scalar that another reader could take for a
number, a boolean or a date, so the files mean the same to brief's loader (which reads every
scalar as text) and to any other YAML parser. Long text is written folded and multi-line text
literal, for people editing the files; PyYAML falls back to quoting whenever a block style would
not read back to the same string.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from briefcli.core.models import Briefing

FOLD_AFTER = 80  # characters: longer text is written as a folded block


_Base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter is ~10x faster


class _Dumper(_Base):  # type: ignore[misc]
    """Block style for long or multi-line strings; flow style for short lists of words."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else ">" if len(value) > FOLD_AFTER else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


class _Words(list[str]):
    """A list written on one line: [Model Spec, OpenAI Spec]."""


def _words(dumper: yaml.SafeDumper, value: _Words) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(_Words, _words)


def fields(b: Briefing) -> dict[str, Any]:
    """The briefing's fields in the order the design shows them; empty optional fields left out."""
    data: dict[str, Any] = {"id": b.id, "title": b.title}
    if b.tagline:
        data["tagline"] = b.tagline
    data["org"] = _Words(b.org)
    data["date"] = str(b.date)
    data["category"] = b.category
    data["tags"] = _Words(b.tags)
    if b.arxiv:
        data["arxiv"] = b.arxiv
    if b.links:
        data["links"] = [{"label": link.label, "url": link.url} for link in b.links]
    if b.aliases:
        data["aliases"] = _Words(b.aliases)
    data["summary"] = b.summary
    if b.key_concepts:
        data["key_concepts"] = [
            {"title": c.title, "body": c.body} if c.body else {"title": c.title} for c in b.key_concepts
        ]
    if b.connections:
        data["connections"] = [
            {"id": c.target, "relation": c.relation, **({"note": c.note} if c.note else {})}
            for c in b.connections
        ]
    if b.featured:
        data["featured"] = True
    return {key: value for key, value in data.items() if value != _Words()}


def to_yaml(b: Briefing) -> str:
    """One briefing as the text of its source file."""
    text: str = yaml.dump(
        fields(b), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96, default_flow_style=False
    )
    return text


def file_name(b: Briefing) -> str:
    """NNN-slug.yaml, the name the loader takes the slug from."""
    return f"{b.id:03d}-{b.slug}.yaml"


def files(briefings: Iterable[Briefing]) -> Iterator[tuple[str, str]]:
    return ((file_name(b), to_yaml(b)) for b in briefings)
