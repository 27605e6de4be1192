-- a function body
CREATE FUNCTION f() RETURNS int AS $$ SELECT 1;
