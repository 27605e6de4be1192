CREATE TABLE t (id INT);
DO $$
BEGIN
  RAISE EXCEPTION 'tenant table missing';
END
$$;
