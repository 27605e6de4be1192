package dev.weave.store.neo4j;

import dev.weave.model.MigrationFile;
import dev.weave.spi.lint.LintFinding;
import dev.weave.spi.lint.LintRule;
import dev.weave.spi.lint.LintRule.Severity;
import dev.weave.spi.lint.StoreLinter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Neo4j rules of {@code weave db lint}, on each statement's skeleton (comments blanked, strings emptied, so a
 * label or a string that holds a keyword does not count).
 */
final class Neo4jLinter implements StoreLinter {

    static final LintRule SCHEMA_NOT_IDEMPOTENT = new LintRule("NEO001", "schema-without-if-not-exists",
            Severity.WARNING, "CREATE INDEX / CONSTRAINT without IF NOT EXISTS (DROP without IF EXISTS) fails when re-run");
    static final LintRule DELETE_IN_ONE_TRANSACTION = new LintRule("NEO002", "delete-without-batches",
            Severity.WARNING, "MATCH … DELETE without CALL { … } IN TRANSACTIONS holds every deleted node in one transaction");
    static final LintRule SCHEMA_AND_WRITES = new LintRule("NEO003", "schema-and-writes-mixed", Severity.WARNING,
            "a file of schema and data statements runs statement by statement: a failure half-way leaves the first applied");

    static final List<LintRule> RULES = List.of(SCHEMA_NOT_IDEMPOTENT, DELETE_IN_ONE_TRANSACTION, SCHEMA_AND_WRITES);

    private static final Pattern CREATE_SCHEMA = Pattern.compile("(?is)\\s*CREATE\\s+(?!OR\\s+REPLACE).*");
    private static final Pattern IF_NOT_EXISTS = Pattern.compile("(?is).*\\bIF\\s+NOT\\s+EXISTS\\b.*");
    private static final Pattern IF_EXISTS = Pattern.compile("(?is).*\\bIF\\s+EXISTS\\b.*");
    private static final Pattern DELETE = Pattern.compile("(?is).*\\bMATCH\\b.*\\bDELETE\\b.*");
    private static final Pattern WRITE = Pattern.compile("(?is).*\\b(CREATE|MERGE|SET|DELETE|REMOVE)\\b.*");

    @Override
    public List<LintFinding> check(MigrationFile file, String text) {
        List<CypherStatement> statements;
        try {
            statements = CypherSplitter.split(text);
        } catch (UnterminatedCypherException e) {
            return List.of(); // migrate reports it with its line
        }
        List<LintFinding> findings = new ArrayList<>();
        boolean noTransaction = CypherScript.hasNoTransactionHeader(text);
        CypherStatement firstSchema = null;
        CypherStatement firstWrite = null;
        for (CypherStatement s : statements) {
            String k = s.skeleton();
            if (CypherScript.isSchema(s)) {
                firstSchema = firstSchema == null ? s : firstSchema;
                boolean create = CREATE_SCHEMA.matcher(k).matches();
                if (create ? !IF_NOT_EXISTS.matcher(k).matches() : !IF_EXISTS.matcher(k).matches()) {
                    findings.add(SCHEMA_NOT_IDEMPOTENT.at(s.line(), (create
                            ? "without IF NOT EXISTS this fails when the index or constraint is there already"
                            : "without IF EXISTS this fails when the index or constraint is gone already")
                            + " (a re-run after a failure half-way, a hand-made copy); add it"));
                }
                continue;
            }
            if (WRITE.matcher(k).matches()) {
                firstWrite = firstWrite == null ? s : firstWrite;
            }
            if (DELETE.matcher(k).matches() && !CypherScript.isAutoCommit(s)) {
                findings.add(DELETE_IN_ONE_TRANSACTION.at(s.line(), "this deletes every match in one transaction, held"
                        + " in the server's memory until it commits; on a large graph write it as MATCH … CALL { WITH n"
                        + " DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"));
            }
        }
        if (firstSchema != null && firstWrite != null && !noTransaction) {
            CypherStatement second = firstSchema.number() > firstWrite.number() ? firstSchema : firstWrite;
            findings.add(SCHEMA_AND_WRITES.at(second.line(), "Neo4j cannot change the schema and the data in one"
                    + " transaction, so Weave runs this file statement by statement and a failure leaves the statements"
                    + " before it applied; put schema changes in a file of their own"));
        }
        findings.sort(java.util.Comparator.comparingInt(LintFinding::line));
        return findings;
    }
}
