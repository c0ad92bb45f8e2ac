"""Datasette metadata for the index: a title and a description for each table, labels for the
foreign keys, and the internal tables hidden (they stay reachable by URL and by SQL)."""

from __future__ import annotations

from typing import Any

DATABASE = "index"  # the index's name in Datasette's URLs: /index, /index/briefings

_INTERNAL = (
    "graph_arrays",
    "words",
    "meta",
    "_sqlite_migrations",
    "briefings_fts",
    "briefings_fts_config",
    "briefings_fts_data",
    "briefings_fts_docsize",
    "briefings_fts_idx",
)

_TABLES: dict[str, dict[str, Any]] = {
    "briefings": {
        "title": "Briefings",
        "description": (
            "One row per briefing. org, tags, aliases and links hold JSON arrays. For search ranked "
            "as brief search ranks it, typos corrected, use the Search page."
        ),
        "label_column": "title",
        "sort": "id",
        "columns": {
            "date": "The month of release, YYYY-MM.",
            "names": "The aliases, and run-together forms of the title and aliases, for search.",
            "concepts": "The key concepts as one text, each title and body on a line of its own, for search.",
            "concept_spans": "Each concept's place in concepts, in bytes: [start, title length, body length]",
            "source": "The YAML file the briefing was loaded from.",
            "line": "The line of that file where the briefing starts.",
        },
        "facets": ["category", {"array": "tags"}, {"array": "org"}],
    },
    "concepts": {
        "title": "Key concepts",
        "description": (
            "The key concepts of each briefing, in the order the briefing gives them: a view that cuts "
            "them out of briefings.concepts, where the text is stored once."
        ),
        "sort": "briefing_id",
    },
    "connections": {
        "title": "Connections",
        "description": (
            "Typed links between briefings, as each source briefing states them: influenced_by (traced) "
            "or related. The reverse direction, influences, is read from target_id."
        ),
        "facets": ["relation"],
        "sort": "source_id",
        "columns": {
            "source_id": "The briefing that states the connection.",
            "target_id": "The briefing it names: for influenced_by, the one that influenced source_id.",
            "position": "Its place among the source briefing's connections.",
        },
    },
    "orgs": {
        "title": "Organisations",
        "description": "Each organisation behind each briefing.",
        "facets": ["org"],
        "sort": "briefing_id",
    },
    "tags": {
        "title": "Tags",
        "description": "Each tag of each briefing.",
        "facets": ["tag"],
        "sort": "briefing_id",
    },
    "sources": {
        "title": "Source files",
        "description": "Every YAML file loaded, with its SHA-256, so that a load parses only what changed.",
    },
    "roots": {
        "title": "Loaded folders",
        "description": "The folders given to brief load, read again by a rebuild.",
    },
}

METADATA: dict[str, Any] = {
    "title": "Briefings",
    "description": "Briefings on frontier-AI papers and policy documents, served read-only by brief serve.",
    "databases": {
        DATABASE: {
            "title": "The brief index",
            "description": (
                "The tables behind the explorer. Everything here is rebuilt from the YAML sources by "
                "brief load."
            ),
            "tables": {**_TABLES, **{name: {"hidden": True} for name in _INTERNAL}},
        }
    },
}
