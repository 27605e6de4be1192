-- weave:no-transaction
-- CREATE INDEX CONCURRENTLY does not lock writers out, but cannot run inside a transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS documents_owner_idx ON documents (owner_id, updated_at DESC);
