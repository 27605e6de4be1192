// expect: none
CREATE INDEX a IF NOT EXISTS FOR (p:Person) ON (p.a);
CREATE INDEX b IF NOT EXISTS FOR (p:Person) ON (p.b);
