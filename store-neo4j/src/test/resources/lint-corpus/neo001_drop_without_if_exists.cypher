// expect: NEO001@2
DROP INDEX person_age;
DROP CONSTRAINT person_name IF EXISTS;
