-- expect: none
CREATE FUNCTION cleanup() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DROP TABLE scratch;
END
$$;
