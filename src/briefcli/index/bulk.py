"""Many briefings with their connections both ways, read in a handful of queries, for exports.

Store.view reads one briefing in five queries; an export of 10,000 briefings that way spent most
of its time in them. This gives the same BriefingView values (tests compare the JSON export with
`show --json`) from one query per table.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

from briefcli.core.models import Briefing, BriefingView, Concept, Connection, Edge
from briefcli.index.read import Store


def views(store: Store, briefings: Sequence[Briefing]) -> list[BriefingView]:
    """A view of each briefing, in the order given."""
    chosen = json.dumps([b.id for b in briefings])
    inside = "(SELECT value FROM json_each(?1))"
    concepts: defaultdict[int, list[Concept]] = defaultdict(list)
    for number, title, body in store.conn.execute(
        f"SELECT briefing_id, title, body FROM concepts WHERE briefing_id IN {inside} "
        "ORDER BY briefing_id, position",
        [chosen],
    ):
        concepts[number].append(Concept(title, body))
    outgoing: defaultdict[int, list[tuple[int, str, str | None]]] = defaultdict(list)
    incoming: defaultdict[int, list[tuple[int, str, str | None]]] = defaultdict(list)
    ends: set[int] = set()
    for source, target, relation, note in store.conn.execute(
        f"SELECT source_id, target_id, relation, note FROM connections "
        f"WHERE source_id IN {inside} OR target_id IN {inside} ORDER BY source_id, position",
        [chosen],
    ):
        outgoing[source].append((target, relation, note))
        incoming[target].append((source, relation, note))
        ends.update((source, target))
    refs = store.refs(ends)
    made = []
    for b in briefings:
        out = outgoing.get(b.id, [])
        full = b._replace(
            key_concepts=tuple(concepts.get(b.id, ())),
            connections=tuple(Connection(target, relation, note) for target, relation, note in out),
        )
        made.append(
            BriefingView(
                full,
                outgoing=[Edge(refs[target], relation, note) for target, relation, note in out],
                incoming=[
                    Edge(refs[source], relation, note) for source, relation, note in incoming.get(b.id, [])
                ],
            )
        )
    return made
