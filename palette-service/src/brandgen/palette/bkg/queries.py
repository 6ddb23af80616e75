"""Every Cypher statement the service runs, one text each.

Only Cypher that both Neo4j 5 and FalkorDB accept (MERGE, MATCH, OPTIONAL MATCH, UNWIND, SET +=,
map projections, collect, parameters). Schema DDL is not here: each adapter says it its own way.
Every seeded node and relationship carries `seed` (the dataset checksum) so a re-seed can prune
what the new dataset no longer has, and seeding the same dataset twice leaves the same graph.
"""

from __future__ import annotations

# Label -> property the seed MERGEs on (indexed by each adapter's create_index).
INDEXED: tuple[tuple[str, str], ...] = (
    ("Trait", "id"),
    ("Source", "id"),
    ("ColorFamily", "id"),
    ("Industry", "id"),
    ("Style", "id"),
    ("Font", "family"),
    ("Pairing", "id"),
    ("Dataset", "id"),
)

SEED_TRAITS = """
UNWIND $rows AS row
MERGE (t:Trait {id: row.id})
SET t.seed = $seed
"""

SEED_SOURCES = """
UNWIND $rows AS row
MERGE (s:Source {id: row.id})
SET s.citation = row.citation, s.seed = $seed
"""

SEED_COLOR_FAMILIES = """
UNWIND $rows AS row
MERGE (c:ColorFamily {id: row.id})
SET c.hex = row.hex, c.traits = row.traits, c.seed = $seed
WITH c, row
UNWIND row.traits AS trait_id
MATCH (t:Trait {id: trait_id})
MERGE (c)-[r:EVOKES]->(t)
SET r.seed = $seed
"""

SEED_INDUSTRIES = """
UNWIND $rows AS row
MERGE (i:Industry {id: row.id})
SET i.name = row.name, i.synonyms = row.synonyms, i.description = row.description, i.seed = $seed
WITH i, row
UNWIND row.traits AS trait_id
MATCH (t:Trait {id: trait_id})
MERGE (i)-[r:CONVEYS]->(t)
SET r.seed = $seed
"""

SEED_ASSOCIATIONS = """
UNWIND $rows AS row
MATCH (i:Industry {id: row.industry}), (c:ColorFamily {id: row.family}), (s:Source {id: row.source})
MERGE (i)-[r:ASSOCIATED_WITH]->(c)
SET r.weight = row.weight, r.meaning = row.meaning, r.source = s.id, r.citation = s.citation, r.seed = $seed
"""

SEED_STYLES = """
UNWIND $rows AS row
MERGE (s:Style {id: row.id})
SET s.synonyms = row.synonyms, s.chroma = row.chroma, s.seed = $seed
WITH s, row
UNWIND row.traits AS trait_id
MATCH (t:Trait {id: trait_id})
MERGE (s)-[r:CONVEYS]->(t)
SET r.seed = $seed
"""

SEED_FONTS = """
UNWIND $rows AS row
MERGE (f:Font {family: row.family})
SET f.licence = row.licence, f.category = row.category, f.character = row.character, f.source = row.source,
    f.seed = $seed
"""

SEED_PAIRINGS = """
UNWIND $rows AS row
MATCH (h:Font {family: row.heading}), (b:Font {family: row.body})
MERGE (p:Pairing {id: row.id})
SET p.reason = row.reason, p.seed = $seed
MERGE (p)-[rh:HEADING]->(h)
SET rh.seed = $seed
MERGE (p)-[rb:BODY]->(b)
SET rb.seed = $seed
"""

SEED_STYLE_PAIRINGS = """
UNWIND $rows AS row
MATCH (s:Style {id: row.style}), (p:Pairing {id: row.pairing})
MERGE (s)-[r:SUITS]->(p)
SET r.weight = row.weight, r.seed = $seed
"""

PRUNE_RELATIONSHIPS = """
MATCH ()-[r]->()
WHERE r.seed <> $seed
DELETE r
"""

PRUNE_NODES = """
MATCH (n)
WHERE n.seed <> $seed
DETACH DELETE n
"""

SET_DATASET_META = """
MERGE (d:Dataset {id: 'brand_graph'})
SET d.version = $version, d.checksum = $seed, d.seed = $seed
"""

# What the matcher needs to place free text: every industry and style with its synonyms.
CATALOGUE = """
MATCH (d:Dataset {id: 'brand_graph'})
OPTIONAL MATCH (i:Industry)
WITH d, collect(i {.id, .synonyms, .description}) AS industries
OPTIONAL MATCH (s:Style)
RETURN d.version AS version, d.checksum AS checksum, industries, collect(s {.id, .synonyms}) AS styles
"""

# Everything one job needs, in one round trip.
JOB_CONTEXT = """
MATCH (i:Industry {id: $industry}), (s:Style {id: $style})
OPTIONAL MATCH (i)-[a:ASSOCIATED_WITH]->(c:ColorFamily)
WITH i, s, collect({family: c.id, hex: c.hex, traits: c.traits, weight: a.weight, meaning: a.meaning,
                    source: a.citation}) AS colors
OPTIONAL MATCH (i)-[:CONVEYS]->(it:Trait)
WITH i, s, colors, collect(it.id) AS industry_traits
OPTIONAL MATCH (s)-[:CONVEYS]->(st:Trait)
WITH i, s, colors, industry_traits, collect(st.id) AS style_traits
OPTIONAL MATCH (s)-[r:SUITS]->(p:Pairing)-[:HEADING]->(h:Font)
OPTIONAL MATCH (p)-[:BODY]->(b:Font)
RETURN i.id AS industry, s.id AS style, s.chroma AS chroma, colors, industry_traits, style_traits,
       collect({id: p.id, reason: p.reason, weight: r.weight,
                heading: h {.family, .licence, .category, .character},
                body: b {.family, .licence, .category, .character}}) AS pairings
"""

NODE_COUNTS = """
MATCH (n)
RETURN labels(n)[0] AS label, count(n) AS count
ORDER BY label
"""

RELATIONSHIP_COUNTS = """
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS count
ORDER BY type
"""
