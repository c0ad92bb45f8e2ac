"""The text of a new briefing file: a template with every field, or a copy of an existing file.

The template is a valid briefing as it stands, so `brief new --no-edit` loads at once; its
placeholder texts say what each field wants, and validation's warnings (a summary too short...)
say what is left to write. The example connection is commented out, so that an untouched
template does not claim an influence that nobody chose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from briefcli.core.models import Month

TEMPLATE = """\
# A new briefing: replace each text. `brief validate FILE` checks it; fields marked (required)
# must stay, and the others may be deleted.
id: {id}                         # (required) a number unique in the collection
title: {title}  # (required)
tagline: One line, under 120 characters, saying what the document is
org: [Organisation]            # one or more, as a list
date: {date}                     # (required) the month of release, YYYY-MM
category: Alignment & Safety   # (required) or Foundations & Scaling, Interpretability, Reasoning &
                               # Agents, Evaluation & Red Teaming, Strategy & Governance...
tags: [Tag]
arxiv: null                    # an arXiv id in quotes, such as "2203.02155"
links:
  - {{label: Paper, url: "https://example.org/the-paper"}}
aliases: []                    # other names that search should match: acronyms, nicknames
summary: >                     # (required) 60 to 160 words
  What the document is, what it finds or proposes, and why it matters.
key_concepts:                  # three, each a short heading and a paragraph of 30 to 90 words
  - title: The first idea
    body: >
      A paragraph explaining the first idea in your own words.
  - title: The second idea
    body: >
      A paragraph explaining the second idea.
  - title: The third idea
    body: >
      A paragraph explaining the third idea.
connections:                   # the briefings this one draws on; for example (remove the #s):
#  - id: {example}
#    relation: influenced_by   # influenced_by (traced by brief trace) or related (shown only)
#    note: One line on what this briefing takes from {example}
featured: false                # the explorer's star, shown by show and list
"""


def blank(number: int, title: str, month: Month, example: int) -> str:
    """A new briefing with every field, numbered `number`; `example` is the connection shown."""
    return TEMPLATE.format(id=number, title=quoted(title), date=month, example=example)


def copy(text: str, field_lines: Mapping[str, int], number: int, title: str | None, origin: str) -> str:
    """The text of an existing briefing file with a new id (and title, if given)."""
    lines = text.splitlines(keepends=True)
    replacements = {"id": str(number)} | ({"title": quoted(title)} if title else {})
    for field, value in replacements.items():
        at = field_lines[field] - 1
        pattern = rf"^({field}:\s*)(.*?)(\s+#.*)?$"
        lines[at] = re.sub(pattern, rf"\g<1>{_escape(value)}\g<3>", lines[at].rstrip("\n")) + "\n"
    return f"# Started as a copy of {origin}.\n" + "".join(lines)


def quoted(text: str) -> str:
    """Text as a YAML scalar: plain when that is safe, else double-quoted."""
    if re.fullmatch(r"[A-Za-z0-9][\w ,.()'/-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\")
