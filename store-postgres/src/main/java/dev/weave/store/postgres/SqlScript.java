package dev.weave.store.postgres;

import dev.weave.spi.Script;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A .sql migration split into statements, with its header directives. {@code -- weave:no-transaction}
 * among the leading comment lines runs the file statement by statement without a transaction, for
 * statements PostgreSQL refuses inside one ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}, ...).
 */
record SqlScript(List<SqlStatement> statements, boolean transactional) {

    private static final String NO_TRANSACTION = "weave:no-transaction";
    /** Statements that end or start a transaction; ROLLBACK TO SAVEPOINT stays inside one and is fine. */
    private static final Pattern TRANSACTION_CONTROL = Pattern.compile(
            "(?is)(BEGIN|START\\s+TRANSACTION|COMMIT|END|ABORT|PREPARE\\s+TRANSACTION|ROLLBACK(?!\\s+(WORK\\s+|TRANSACTION\\s+)?TO\\b))\\b.*");

    static SqlScript parse(Script script) {
        List<SqlStatement> statements;
        try {
            statements = SqlScriptSplitter.split(script.text());
        } catch (SqlScriptSyntaxException e) {
            throw PostgresStore.sourceError(script, e.line(), e.getMessage() + "; " + e.remedy());
        }
        boolean transactional = !hasNoTransactionHeader(script.text());
        if (transactional) {
            for (SqlStatement statement : statements) {
                if (TRANSACTION_CONTROL.matcher(statement.sql()).matches()) {
                    throw PostgresStore.sourceError(script, statement.line(), "'" + statement.sql()
                            + "' controls the transaction, but Weave runs each migration in one transaction"
                            + " with its ledger row; remove it, or put -- weave:no-transaction as the first line"
                            + " to run the file without a transaction");
                }
            }
        }
        return new SqlScript(statements, transactional);
    }

    /** The directive counts only in the comment lines before the first statement. */
    static boolean hasNoTransactionHeader(String text) {
        for (String line : text.split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith("--")) {
                return false;
            }
            if (trimmed.substring(2).trim().toLowerCase(Locale.ROOT).startsWith(NO_TRANSACTION)) {
                return true;
            }
        }
        return false;
    }
}
