// expect: NEO001@2
CREATE CONSTRAINT person_name FOR (p:Person) REQUIRE p.name IS UNIQUE;
