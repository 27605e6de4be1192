package dev.weave.store.postgres;

import dev.weave.model.MigrationFile;
import dev.weave.spi.lint.LintFinding;
import dev.weave.spi.lint.LintRule;
import dev.weave.spi.lint.LintRule.Severity;
import dev.weave.spi.lint.StoreLinter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL rules of {@code weave db lint}: statements that lock a busy table for long, fail on a table with
 * rows, or destroy data. "Existing table" means one that no earlier statement of the same file created: a table
 * made by an older migration may hold millions of rows by now, one the same migration just made holds none.
 * Statements are matched on their skeleton (comments blanked, string constants emptied, lines kept).
 */
final class PostgresLinter implements StoreLinter {

    static final LintRule INDEX_NOT_CONCURRENT = new LintRule("PG001", "create-index-without-concurrently",
            Severity.WARNING, "CREATE INDEX on an existing table without CONCURRENTLY blocks its writes while it builds");
    static final LintRule CONCURRENTLY_IN_TRANSACTION = new LintRule("PG002", "concurrently-in-transaction",
            Severity.ERROR, "CONCURRENTLY (or VACUUM) cannot run inside the transaction Weave runs the file in");
    static final LintRule NOT_NULL_WITHOUT_DEFAULT = new LintRule("PG003", "add-column-not-null-without-default",
            Severity.ERROR, "ADD COLUMN … NOT NULL without a DEFAULT fails on a table that has rows");
    static final LintRule VOLATILE_DEFAULT = new LintRule("PG004", "add-column-volatile-default", Severity.WARNING,
            "ADD COLUMN with a volatile DEFAULT rewrites the whole table under an exclusive lock");
    static final LintRule ALTER_TYPE = new LintRule("PG005", "alter-column-type", Severity.WARNING,
            "ALTER COLUMN … TYPE rewrites the table (and its indexes) under an exclusive lock");
    static final LintRule CONSTRAINT_VALIDATED = new LintRule("PG006", "constraint-without-not-valid",
            Severity.WARNING, "a FOREIGN KEY or CHECK added to an existing table without NOT VALID scans it under lock");
    static final LintRule DROP = new LintRule("PG007", "drop-table-or-column", Severity.WARNING,
            "DROP TABLE / DROP COLUMN destroys data, and code still reading it breaks");
    static final LintRule RENAME = new LintRule("PG008", "rename-table-or-column", Severity.WARNING,
            "RENAME of a table or column breaks code that still uses the old name");
    static final LintRule NO_LOCK_TIMEOUT = new LintRule("PG009", "locking-ddl-without-lock-timeout",
            Severity.WARNING, "DDL that locks an existing table with no lock_timeout set before it in the file");

    static final List<LintRule> RULES = List.of(INDEX_NOT_CONCURRENT, CONCURRENTLY_IN_TRANSACTION,
            NOT_NULL_WITHOUT_DEFAULT, VOLATILE_DEFAULT, ALTER_TYPE, CONSTRAINT_VALIDATED, DROP, RENAME, NO_LOCK_TIMEOUT);

    private static final String NAME = "((?:\"[^\"]+\"|[\\w$]+)(?:\\s*\\.\\s*(?:\"[^\"]+\"|[\\w$]+))?)";
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^CREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME);
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:" + NAME + "\\s+)?ON\\s+(?:ONLY\\s+)?" + NAME);
    private static final Pattern CONCURRENT_OTHER = Pattern.compile(
            "^(?:DROP\\s+INDEX\\s+CONCURRENTLY|REINDEX\\b.*\\bCONCURRENTLY|REFRESH\\s+MATERIALIZED\\s+VIEW\\s+CONCURRENTLY|VACUUM\\b)", Pattern.DOTALL);
    private static final Pattern ALTER_TABLE = Pattern.compile(
            "^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?" + NAME + "\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern DROP_TABLE = Pattern.compile("^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(.*)$", Pattern.DOTALL);
    private static final Pattern LOCK_TIMEOUT = Pattern.compile("^SET\\s+(?:LOCAL\\s+|SESSION\\s+)?LOCK_TIMEOUT\\b");
    private static final Pattern ADD_COLUMN = Pattern.compile("^ADD\\s+(?:COLUMN\\s+)?(?!CONSTRAINT\\b|PRIMARY\\b|UNIQUE\\b|CHECK\\b|FOREIGN\\b|EXCLUDE\\b)(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "\\s+(.*)$", Pattern.DOTALL);
    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$[A-Za-z_]*\\$");
    private static final Pattern VOLATILE = Pattern.compile(
            "\\bDEFAULT\\s+.*\\b(RANDOM|GEN_RANDOM_UUID|UUID_GENERATE_V[14]|CLOCK_TIMESTAMP|TIMEOFDAY|NEXTVAL)\\s*\\(", Pattern.DOTALL);

    @Override
    public List<LintFinding> check(MigrationFile file, String text) {
        Set<String> created = new HashSet<>(); // by an earlier statement of this file (own name, folded)
        List<SqlStatement> statements;
        try {
            statements = SqlScriptSplitter.split(text);
        } catch (SqlScriptSyntaxException e) {
            return List.of(); // migrate reports a script that does not split, with its line; lint has nothing to add
        }
        boolean transactional = !SqlScript.hasNoTransactionHeader(text);
        boolean lockTimeout = false;
        boolean lockTimeoutReported = false;
        List<LintFinding> findings = new ArrayList<>();
        for (SqlStatement statement : statements) {
            String sql = skeleton(statement.sql());
            int lead = sql.length() - sql.stripLeading().length();
            int line = statement.line() + newlines(sql, lead);
            String s = sql.strip().toUpperCase(Locale.ROOT);
            if (LOCK_TIMEOUT.matcher(s).find()) {
                lockTimeout = true;
                continue;
            }
            boolean locks = false;
            Matcher m;
            if ((m = CREATE_TABLE.matcher(s)).find()) {
                created.add(name(m.group(1)));
            } else if ((m = CREATE_INDEX.matcher(s)).find()) {
                String table = name(m.group(3));
                if (m.group(1) != null && transactional) {
                    findings.add(CONCURRENTLY_IN_TRANSACTION.at(line, "CREATE INDEX CONCURRENTLY cannot run inside a"
                            + " transaction, and Weave runs this file in one; put -- weave:no-transaction as its first line"));
                } else if (m.group(1) == null && !created.contains(table)) {
                    findings.add(INDEX_NOT_CONCURRENT.at(line, "CREATE INDEX on " + table + " without CONCURRENTLY blocks"
                            + " writes to the table until the index is built; use CREATE INDEX CONCURRENTLY, in a file"
                            + " that starts with -- weave:no-transaction"));
                    locks = true;
                }
            } else if (CONCURRENT_OTHER.matcher(s).find()) {
                if (transactional) {
                    findings.add(CONCURRENTLY_IN_TRANSACTION.at(line, first(s) + " cannot run inside a transaction, and"
                            + " Weave runs this file in one; put -- weave:no-transaction as its first line"));
                }
            } else if ((m = ALTER_TABLE.matcher(s)).find()) {
                String table = name(m.group(1));
                if (!created.contains(table)) {
                    locks = true;
                    alterActions(table, m.group(2), m.start(2) + lead, sql, statement.line(), findings);
                } // a table this file created is not in use yet: nothing to report
            } else if ((m = DROP_TABLE.matcher(s)).find()) {
                for (String t : topLevel(m.group(1).replaceAll("\\b(CASCADE|RESTRICT)\\b", ""))) {
                    String table = name(t.strip());
                    findings.add(DROP.at(line, "DROP TABLE " + table + " destroys its data; make sure nothing reads it"
                            + " any more (deploy the code first) and that a backup exists"));
                    locks |= !created.remove(table);
                }
            }
            if (locks && !lockTimeout && !lockTimeoutReported) {
                lockTimeoutReported = true;
                findings.add(NO_LOCK_TIMEOUT.at(line, "this statement waits for an exclusive lock on a table in use, and"
                        + " every query behind it waits too; put SET lock_timeout = '5s' before it (and retry on"
                        + " failure)"));
            }
        }
        findings.sort(java.util.Comparator.comparingInt(LintFinding::line));
        return findings;
    }

    /** The actions of an ALTER TABLE on an existing table, each on its own line. */
    private void alterActions(String table, String actions, int offset, String sql, int firstLine,
                              List<LintFinding> findings) {
        int at = offset;
        String upperAll = sql.toUpperCase(Locale.ROOT);
        for (String raw : topLevel(actions)) {
            int pos = upperAll.indexOf(raw.strip(), at);
            int line = firstLine + newlines(sql, pos < 0 ? at : pos);
            at = pos < 0 ? at : pos + raw.strip().length();
            String a = raw.strip();
            Matcher add = ADD_COLUMN.matcher(a);
            if (add.find()) {
                String rest = add.group(2);
                String column = name(add.group(1));
                if (rest.matches("(?s).*\\bNOT\\s+NULL\\b.*") && !rest.matches("(?s).*\\bDEFAULT\\b.*")
                        && !rest.matches("(?s).*\\bGENERATED\\b.*")) {
                    findings.add(NOT_NULL_WITHOUT_DEFAULT.at(line, "ADD COLUMN " + column + " … NOT NULL without a"
                            + " DEFAULT fails on " + table + " as soon as it has rows; add a DEFAULT, or add the column"
                            + " nullable, fill it, then SET NOT NULL"));
                }
                if (VOLATILE.matcher(rest).find()) {
                    findings.add(VOLATILE_DEFAULT.at(line, "ADD COLUMN " + column + " with a volatile DEFAULT rewrites"
                            + " every row of " + table + " under an exclusive lock; add it without the default, then"
                            + " SET DEFAULT and backfill in batches"));
                }
                if (rest.matches("(?s).*\\bREFERENCES\\b.*")) {
                    findings.add(CONSTRAINT_VALIDATED.at(line, "ADD COLUMN " + column + " … REFERENCES checks every"
                            + " row of " + table + " under lock; add the column, then ADD CONSTRAINT … FOREIGN KEY …"
                            + " NOT VALID and VALIDATE CONSTRAINT in a later migration"));
                }
            } else if (a.matches("(?s)^ADD\\s+(CONSTRAINT\\s+\\S+\\s+)?(FOREIGN\\s+KEY|CHECK)\\b.*")
                    && !a.matches("(?s).*\\bNOT\\s+VALID\\b.*")) {
                findings.add(CONSTRAINT_VALIDATED.at(line, "this constraint is checked against every row of " + table
                        + " while its lock is held; add it NOT VALID, then VALIDATE CONSTRAINT in a later migration"
                        + " (that takes only a light lock)"));
            } else if (a.matches("(?s)^ALTER\\s+(COLUMN\\s+)?\\S+\\s+(SET\\s+DATA\\s+)?TYPE\\b.*")) {
                findings.add(ALTER_TYPE.at(line, "changing a column's type rewrites " + table + " and its indexes under"
                        + " an exclusive lock (except a few widenings such as varchar(n) to text); add a new column,"
                        + " backfill it, and switch over"));
            } else if (a.matches("(?s)^DROP\\s+(COLUMN\\s+)?(IF\\s+EXISTS\\s+)?(?!CONSTRAINT\\b)\\S+.*")) {
                findings.add(DROP.at(line, "DROP COLUMN destroys the column's data in " + table + "; make sure no code"
                        + " reads it any more (deploy that first)"));
            } else if (a.matches("(?s)^RENAME\\b.*")) {
                findings.add(RENAME.at(line, "renaming in " + table + " breaks code that uses the old name until it is"
                        + " deployed; add the new name beside the old one (a view or a new column) and drop the old later"));
            }
        }
    }

    /** Splits at commas outside parentheses. */
    private static List<String> topLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        parts.removeIf(p -> p.isBlank());
        return parts;
    }

    /** The table's own name (schema dropped), as PostgreSQL folds it: quoted kept, unquoted lower case. */
    private static String name(String qualified) {
        String n = qualified.strip();
        if (n.endsWith("\"")) {
            return n.substring(n.lastIndexOf('"', n.length() - 2) + 1, n.length() - 1);
        }
        return n.substring(n.lastIndexOf('.') + 1).strip().toLowerCase(Locale.ROOT);
    }

    private static String first(String s) {
        String[] words = s.split("\\s+");
        return words.length > 1 ? words[0] + " " + words[1] : words[0];
    }

    private static int newlines(String s, int end) {
        int n = 0;
        for (int i = 0; i < Math.min(end, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Comments blanked and string constants emptied (their line breaks kept), so rules match only code. */
    static String skeleton(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                do {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        out.append("  ");
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        out.append("  ");
                        i += 2;
                    } else {
                        out.append(sql.charAt(i) == '\n' ? '\n' : ' ');
                        i++;
                    }
                } while (i < n && depth > 0);
            } else if (c == '\'') {
                out.append('\'');
                i++;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '\'' && i + 1 < n && sql.charAt(i + 1) == '\'') {
                        out.append("  ");
                        i += 2;
                    } else if (d == '\'') {
                        break;
                    } else {
                        out.append(d == '\n' ? '\n' : ' ');
                        i++;
                    }
                }
                if (i < n) {
                    out.append('\'');
                    i++;
                }
            } else if (c == '$') {
                Matcher tag = DOLLAR_TAG.matcher(sql).region(i, n);
                if (tag.lookingAt()) {
                    String t = tag.group();
                    int end = sql.indexOf(t, i + t.length());
                    int stop = end < 0 ? n : end + t.length();
                    for (int k = i; k < stop; k++) {
                        out.append(sql.charAt(k) == '\n' ? '\n' : ' ');
                    }
                    i = stop;
                } else {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
