// expect: none
MATCH (n:Note) SET n.text = 'MATCH (x) DELETE x';
// MATCH (n) DETACH DELETE n
