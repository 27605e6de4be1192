// expect: NEO003@3
CREATE INDEX person_name IF NOT EXISTS FOR (p:Person) ON (p.name);
CREATE (:Person {name: 'Ada'});
