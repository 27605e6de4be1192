// expect: NEO002@2
MATCH (l:LogEntry) WHERE l.at < datetime('2020-01-01')
DETACH DELETE l;
