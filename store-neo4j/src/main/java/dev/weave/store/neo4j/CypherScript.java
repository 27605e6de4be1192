package dev.weave.store.neo4j;

import dev.weave.error.MigrationSourceException;
import dev.weave.spi.Script;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A .cypher migration split into statements, and how it must run. Neo4j refuses schema statements
 * (indexes, constraints) and data statements in one transaction, and runs {@code CALL { … } IN TRANSACTIONS}
 * only in an auto-commit transaction; so:
 * <ul>
 *   <li>only data statements: one transaction, which also writes the ledger entry;</li>
 *   <li>only schema statements: one schema transaction, then the ledger entry in its own;</li>
 *   <li>both kinds, an {@code IN TRANSACTIONS} statement, or {@code // weave:no-transaction} in the leading
 *       comment lines: statement by statement, each committed on its own; a failure part-way is
 *       recorded as failed.</li>
 * </ul>
 */
record CypherScript(List<CypherStatement> statements, Mode mode, String reason) {

    enum Mode { ONE_TRANSACTION, SCHEMA_TRANSACTION, STATEMENT_BY_STATEMENT }

    private static final String NO_TRANSACTION = "weave:no-transaction";
    private static final Pattern SCHEMA = Pattern.compile(
            "(?is)\\s*(CREATE\\s+(OR\\s+REPLACE\\s+)?((RANGE|TEXT|POINT|LOOKUP|FULLTEXT|VECTOR|BTREE)\\s+)?(INDEX|CONSTRAINT)"
                    + "|DROP\\s+(INDEX|CONSTRAINT))\\b.*");
    /** CALL { … } IN [n] [CONCURRENT] TRANSACTIONS, and the 4.x form USING PERIODIC COMMIT. */
    private static final Pattern AUTO_COMMIT = Pattern.compile(
            "(?is).*\\bIN\\s+((\\d+|\\$\\w+)\\s+)?(CONCURRENT\\s+)?TRANSACTIONS\\b.*|\\s*USING\\s+PERIODIC\\s+COMMIT\\b.*");

    static CypherScript parse(Script script) {
        List<CypherStatement> statements;
        try {
            statements = CypherSplitter.split(script.text());
        } catch (UnterminatedCypherException e) {
            throw new MigrationSourceException(script.file().path(), e.line(), e.getMessage()
                    + "; close it or check the quotes before it");
        }
        for (CypherStatement statement : statements) {
            if (statement.text().startsWith(":")) {
                throw new MigrationSourceException(script.file().path(), statement.line(), "'"
                        + statement.text().lines().findFirst().orElse("") + "' is a cypher-shell command, not Cypher;"
                        + " Weave runs each file in a transaction of its own, so remove :begin/:commit/:use/:param lines");
            }
        }
        return of(statements, hasNoTransactionHeader(script.text()));
    }

    static CypherScript of(List<CypherStatement> statements, boolean noTransactionHeader) {
        boolean schema = statements.stream().anyMatch(CypherScript::isSchema);
        boolean data = statements.stream().anyMatch(s -> !isSchema(s));
        if (noTransactionHeader) {
            return new CypherScript(statements, Mode.STATEMENT_BY_STATEMENT, "the file starts with // " + NO_TRANSACTION);
        }
        for (CypherStatement statement : statements) {
            if (isAutoCommit(statement)) {
                return new CypherScript(statements, Mode.STATEMENT_BY_STATEMENT, "statement " + statement.number()
                        + " commits in batches of its own (IN TRANSACTIONS)");
            }
        }
        if (schema && data) {
            return new CypherScript(statements, Mode.STATEMENT_BY_STATEMENT,
                    "the file mixes schema and data statements, which Neo4j does not allow in one transaction");
        }
        return schema ? new CypherScript(statements, Mode.SCHEMA_TRANSACTION, "only schema statements")
                : new CypherScript(statements, Mode.ONE_TRANSACTION, "only data statements");
    }

    static boolean isSchema(CypherStatement statement) {
        return SCHEMA.matcher(statement.skeleton()).matches();
    }

    /** Statements that commit by themselves: run outside an explicit transaction, never atomic as a whole. */
    static boolean isAutoCommit(CypherStatement statement) {
        return AUTO_COMMIT.matcher(statement.skeleton()).matches();
    }

    /** The directive counts only in the comment lines before the first statement. */
    static boolean hasNoTransactionHeader(String text) {
        for (String line : text.split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith("//")) {
                return false;
            }
            if (trimmed.substring(2).trim().toLowerCase(Locale.ROOT).startsWith(NO_TRANSACTION)) {
                return true;
            }
        }
        return false;
    }
}
