-- expect: none
SET lock_timeout = '5s';
-- archived in ticket 42, read by nothing since 2025
-- weave:lint-ignore drop-table-or-column the data was archived first
DROP TABLE legacy;
