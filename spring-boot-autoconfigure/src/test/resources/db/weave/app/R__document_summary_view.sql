-- Re-applied whenever this file changes.
CREATE OR REPLACE VIEW document_summary AS
SELECT u.id AS user_id, u.email, count(d.id) AS documents, max(d.updated_at) AS last_edit
FROM users u
LEFT JOIN documents d ON d.owner_id = u.id
GROUP BY u.id, u.email;
