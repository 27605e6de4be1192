// expect: NEO001@3

CREATE RANGE INDEX person_age FOR (p:Person) ON (p.age);
CREATE TEXT INDEX person_bio IF NOT EXISTS FOR (p:Person) ON (p.bio);
