// expect: none
// weave:lint-ignore NEO002 at most a few hundred log nodes
MATCH (l:LogEntry) DELETE l;
