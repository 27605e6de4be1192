// Documents may link to each other; a link remembers the anchor text ("see also; appendix").
MATCH (a:Document {id: 1}), (b:Document {id: 2})
MERGE (a)-[:LINKS_TO {anchor: 'see also; appendix'}]->(b);
CREATE INDEX links_anchor IF NOT EXISTS FOR ()-[l:LINKS_TO]-() ON (l.anchor);
