package dev.weave.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlScriptSplitterTest {

    /** Splits and checks the invariants every statement must satisfy. */
    private static List<SqlStatement> split(String script) {
        List<SqlStatement> statements = SqlScriptSplitter.split(script);
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement st = statements.get(i);
            assertEquals(i + 1, st.number());
            assertTrue(script.startsWith(st.sql(), st.offset()), "sql is the script slice at offset");
            assertEquals(1 + script.substring(0, st.offset()).chars().filter(c -> c == '\n').count(), st.line());
        }
        return statements;
    }

    private static List<String> texts(String script) {
        return split(script).stream().map(SqlStatement::sql).toList();
    }

    @Nested
    class Basics {
        @Test
        void splitsAtSemicolonsAndReportsNumberLineAndOffset() {
            String script = """
                    CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL);

                    ALTER TABLE account
                        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
                      CREATE INDEX CONCURRENTLY account_email_idx ON account (lower(email));
                    """;
            List<SqlStatement> statements = split(script);

            assertEquals(List.of(
                    new SqlStatement("CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL)", 1, 1, 0),
                    new SqlStatement("ALTER TABLE account\n    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()",
                            2, 3, script.indexOf("ALTER")),
                    new SqlStatement("CREATE INDEX CONCURRENTLY account_email_idx ON account (lower(email))",
                            3, 5, script.indexOf("CREATE INDEX"))),
                    statements);
        }

        @Test
        void lastStatementMayLackSemicolon() {
            assertEquals(List.of("SELECT 1", "SELECT 2"), texts("SELECT 1;\nSELECT 2\n"));
            assertEquals(List.of("SELECT 1", "SELECT 2"), texts("SELECT 1;\nSELECT 2 -- no semicolon"));
        }

        @Test
        void dropsEmptyAndCommentOnlyStatements() {
            assertEquals(List.of(), texts(""));
            assertEquals(List.of(), texts("  \n\t \n"));
            assertEquals(List.of(), texts(";;\n ; -- nothing here;\n/* nor; here */ ;"));
            List<SqlStatement> statements = split(";;SELECT 1;;\n;\nSELECT 2;;");
            assertEquals(List.of("SELECT 1", "SELECT 2"), statements.stream().map(SqlStatement::sql).toList());
            assertEquals(2, statements.get(1).number(), "dropped statements are not numbered");
            assertEquals(List.of("DROP TABLE t"), texts("-- V2__drop.sql\n/* cleanup */\nDROP TABLE t;\n-- end of file\n"));
        }

        @Test
        void statementStartsAtFirstSignificantCharAndEndsAtLastToken() {
            String script = """
                    -- create the audit table; it's append-only
                    /* "owner": the app */
                      CREATE TABLE audit ( -- columns; see docs
                        id bigint /* surrogate; key */
                      ) /* trailing; comment */ -- and another
                    ;
                    """;
            SqlStatement st = split(script).get(0);
            assertEquals("CREATE TABLE audit ( -- columns; see docs\n    id bigint /* surrogate; key */\n  )", st.sql());
            assertEquals(3, st.line());
            assertEquals(script.indexOf("CREATE"), st.offset());
        }
    }

    @Nested
    class QuotedText {
        @Test
        void singleQuotedStringsWithDoubledQuotes() {
            String script = """
                    INSERT INTO setting (key, value) VALUES ('motd', 'it''s; -- not a comment /* nor this');
                    COMMENT ON TABLE setting IS 'key; value '' pairs';
                    """;
            assertEquals(List.of(
                    "INSERT INTO setting (key, value) VALUES ('motd', 'it''s; -- not a comment /* nor this')",
                    "COMMENT ON TABLE setting IS 'key; value '' pairs'"), texts(script));
        }

        @Test
        void backslashDoesNotEscapeInStandardStrings() {
            assertEquals(List.of("SELECT 'C:\\'", "SELECT 2"), texts("SELECT 'C:\\'; SELECT 2"));
        }

        @Test
        void escapeStringsWithBackslashEscapes() {
            String script = """
                    INSERT INTO msg VALUES (E'it\\'s; done\\n', e'path C:\\\\'); SELECT E'a''b;';
                    SELECT 'x' FROM typee'; still a string'; SELECT 3
                    """;
            assertEquals(List.of(
                    "INSERT INTO msg VALUES (E'it\\'s; done\\n', e'path C:\\\\')",
                    "SELECT E'a''b;'",
                    // only a lone E is a prefix: typee'...' is a word followed by a standard string
                    "SELECT 'x' FROM typee'; still a string'",
                    "SELECT 3"), texts(script));
        }

        @Test
        void doubledQuoteInsideEscapeStringKeepsBackslashEscapes() {
            assertEquals(List.of("SELECT E'it''s \\'; still a string'", "SELECT 2"),
                    texts("SELECT E'it''s \\'; still a string'; SELECT 2"));
        }

        @Test
        void unicodeEscapeStrings() {
            assertEquals(List.of("SELECT U&'d\\0061t\\+000061; ok'", "SELECT u&'back\\'", "SELECT 3"),
                    texts("SELECT U&'d\\0061t\\+000061; ok'; SELECT u&'back\\'; SELECT 3"));
        }

        @Test
        void quotedIdentifiersWithDoubledQuotes() {
            String script = """
                    CREATE TABLE "order;items" ("the ""qty""; col" int, "it's" text);
                    SELECT "it's" FROM "order;items";
                    """;
            assertEquals(List.of(
                    "CREATE TABLE \"order;items\" (\"the \"\"qty\"\"; col\" int, \"it's\" text)",
                    "SELECT \"it's\" FROM \"order;items\""), texts(script));
        }
    }

    @Nested
    class DollarQuotes {
        @Test
        void plpgsqlFunctionAndTrigger() {
            String function = """
                    CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
                    LANGUAGE plpgsql AS $$
                    BEGIN
                        -- it's a comment; inside the body
                        NEW.updated_at := now();
                        RETURN NEW;
                    END;
                    $$""";
            String trigger = """
                    CREATE TRIGGER account_updated_at BEFORE UPDATE ON account
                        FOR EACH ROW EXECUTE FUNCTION set_updated_at()""";
            String script = "BEGIN;\n" + function + ";\n" + trigger + ";\nCOMMIT;\n";

            List<SqlStatement> statements = split(script);
            assertEquals(List.of("BEGIN", function, trigger, "COMMIT"),
                    statements.stream().map(SqlStatement::sql).toList());
            assertEquals(List.of(1, 2, 10, 12), statements.stream().map(SqlStatement::line).toList());
        }

        @Test
        void doBlockWithTaggedQuoteAndNestedTags() {
            String doBlock = """
                    DO $migrate$
                    DECLARE
                        q text := $q$SELECT 'a;b' -- $$ not the end$q$;
                    BEGIN
                        EXECUTE q;
                        EXECUTE $$CREATE INDEX ix ON t ((c || ';'))$$;
                        RAISE NOTICE 'done; $migrate is not a tag';
                    END
                    $migrate$""";
            assertEquals(List.of(doBlock, "SELECT 1"), texts(doBlock + ";\nSELECT 1;"));
        }

        @Test
        void emptyTagAndStringsAdjacentToDollarQuotes() {
            assertEquals(List.of("SELECT $$it's; \"here\" /* -- $$ || 'x;'", "SELECT 2"),
                    texts("SELECT $$it's; \"here\" /* -- $$ || 'x;'; SELECT 2"));
        }

        @Test
        void positionalParametersAreNotDollarQuotes() {
            String script = """
                    PREPARE find_account(bigint, text) AS SELECT * FROM account WHERE id = $1 AND email = $2;
                    EXECUTE find_account(1, 'a@b.c');
                    """;
            assertEquals(List.of(
                    "PREPARE find_account(bigint, text) AS SELECT * FROM account WHERE id = $1 AND email = $2",
                    "EXECUTE find_account(1, 'a@b.c')"), texts(script));
        }

        @Test
        void tagCannotStartWithDigit() {
            // PostgreSQL lexes $1 (a parameter) followed by the dollar quote $$;$$, never a tag $1$
            assertEquals(List.of("SELECT $1$$;$$", "SELECT 2"), texts("SELECT $1$$;$$; SELECT 2"));
        }

        @Test
        void dollarInsideIdentifierIsNotADollarQuote() {
            assertEquals(List.of("SELECT price$usd$ FROM t", "SELECT 2"), texts("SELECT price$usd$ FROM t; SELECT 2"));
        }

        @Test
        void sqlFunctionQuotedWithTagContainingDigits() {
            String function = """
                    CREATE FUNCTION add2(a int, b int) RETURNS int LANGUAGE sql
                    AS $body1$ SELECT $1 + $2; $body1$""";
            assertEquals(List.of(function, "SELECT add2(1, 2)"), texts(function + ";\nSELECT add2(1, 2);"));
        }
    }

    @Nested
    class Comments {
        @Test
        void lineCommentsWithSemicolonsAndQuotes() {
            String script = """
                    SELECT 1 -- first; it's "quoted" $$ /*
                    , 2; -- tail
                    SELECT 3;
                    """;
            assertEquals(List.of("SELECT 1 -- first; it's \"quoted\" $$ /*\n, 2", "SELECT 3"), texts(script));
        }

        @Test
        void blockCommentsNest() {
            String script = """
                    /* disabled:
                       DROP TABLE account; /* nested; it's */ still a comment; "
                    */
                    SELECT /* a /* b; */ c; */ 1;
                    SELECT 2;
                    """;
            List<SqlStatement> statements = split(script);
            assertEquals(List.of("SELECT /* a /* b; */ c; */ 1", "SELECT 2"),
                    statements.stream().map(SqlStatement::sql).toList());
            assertEquals(4, statements.get(0).line());
        }

        @Test
        void commentMarkersRightAfterOperators() {
            // PostgreSQL starts a comment at any '--' or '/*', even glued to another operator
            assertEquals(List.of("SELECT 2*-- times;\n3", "SELECT 4/2"), texts("SELECT 2*-- times;\n3; SELECT 4/2 /**/;"));
        }
    }

    @Nested
    class Parentheses {
        @Test
        void semicolonInsideParenthesesDoesNotEndStatement() {
            String rule = """
                    CREATE RULE log_account_update AS ON UPDATE TO account DO ALSO (
                        INSERT INTO account_log VALUES (OLD.id, 'update');
                        UPDATE account_stats SET updates = updates + 1
                    )""";
            assertEquals(List.of(rule, "SELECT 1"), texts(rule + ";\nSELECT 1;"));
        }

        @Test
        void strayClosingParenthesisDoesNotSwallowTheRest() {
            assertEquals(List.of("SELECT 1)", "SELECT 2"), texts("SELECT 1); SELECT 2;"));
        }
    }

    @Nested
    class BeginAtomic {
        @Test
        void sqlStandardFunctionBodyWithCaseExpressions() {
            String function = """
                    CREATE FUNCTION grade(score int) RETURNS text
                    LANGUAGE sql IMMUTABLE
                    BEGIN ATOMIC
                        SELECT CASE WHEN score >= 90 THEN 'A' ELSE CASE WHEN score >= 50 THEN 'B' END END;
                    END""";
            String procedure = """
                    create procedure archive(cutoff date)
                    language sql
                    begin -- standard body
                      atomic
                        insert into audit_archive select * from audit where (case when at < cutoff then true end);
                        delete from audit where at < cutoff;
                    end""";
            String script = function + ";\n" + procedure + ";\nCALL archive(current_date);\n";
            List<SqlStatement> statements = split(script);
            assertEquals(List.of(function, procedure, "CALL archive(current_date)"),
                    statements.stream().map(SqlStatement::sql).toList());
            assertEquals(List.of(1, 6, 13), statements.stream().map(SqlStatement::line).toList());
        }

        @Test
        void endUsedAsQualifiedColumnOrAliasDoesNotCloseTheBody() {
            String function = """
                    CREATE FUNCTION last_end() RETURNS int LANGUAGE sql
                    BEGIN ATOMIC
                        SELECT p.end AS end FROM period p ORDER BY p . end DESC LIMIT 1;
                    END""";
            assertEquals(List.of(function, "SELECT last_end()"), texts(function + ";\nSELECT last_end();"));
        }

        @Test
        void transactionBeginAndEndAreOrdinaryStatements() {
            String script = """
                    BEGIN;
                    UPDATE account SET email = lower(email);
                    END;
                    begin transaction isolation level serializable;
                    SELECT CASE WHEN true THEN 1 END;
                    END;
                    """;
            assertEquals(List.of("BEGIN", "UPDATE account SET email = lower(email)", "END",
                    "begin transaction isolation level serializable", "SELECT CASE WHEN true THEN 1 END", "END"),
                    texts(script));
        }

        @Test
        void beginAtomicInsideStringsCommentsAndDollarBodiesIsIgnored() {
            String script = """
                    SELECT 'BEGIN ATOMIC'; -- BEGIN ATOMIC
                    /* BEGIN ATOMIC */ SELECT "begin" atomic FROM t;
                    DO $$ BEGIN ATOMIC; END $$;
                    SELECT 4;
                    """;
            assertEquals(List.of("SELECT 'BEGIN ATOMIC'", "SELECT \"begin\" atomic FROM t",
                    "DO $$ BEGIN ATOMIC; END $$", "SELECT 4"), texts(script));
        }
    }

    @Nested
    class ErrorPositions {
        @Test
        void mapsPostgresPositionToScriptLine() {
            String script = """
                    SELECT 1;

                    CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
                    BEGIN
                        RETURN 1 +;
                    END $$;
                    """;
            SqlStatement st = split(script).get(1);
            assertEquals(3, st.line());
            // what PostgreSQL reports for the syntax error at the ';' after '+' (1-based)
            int position = st.sql().indexOf("+;") + 2;
            assertEquals(5, st.lineOfPosition(position));
            assertEquals(3, st.lineOfPosition(1));
            assertEquals(4, st.lineOfPosition(st.sql().indexOf("BEGIN") + 1));
            assertEquals(3, st.lineOfPosition(st.sql().indexOf('\n') + 1), "the line break belongs to its line");
        }

        @Test
        void positionsCountCodePointsLikePostgres() {
            // U+1F600 is one character for PostgreSQL but two Java chars
            SqlStatement st = split("SELECT '\uD83D\uDE00',\n\n  x;").get(0);
            assertEquals(1, st.lineOfPosition(12), "the first line break");
            assertEquals(2, st.lineOfPosition(13));
            assertEquals(3, st.lineOfPosition(14));
        }

        @Test
        void outOfRangePositionsAreClamped() {
            SqlStatement st = split("\n\nSELECT\n  1\n  +").get(0);
            assertEquals(3, st.lineOfPosition(0));
            assertEquals(5, st.lineOfPosition(st.sql().length() + 1), "'at end of input'");
            assertEquals(5, st.lineOfPosition(Integer.MAX_VALUE));
        }
    }

    @Nested
    class Unterminated {
        private UnterminatedSqlException fail(String script) {
            return assertThrows(UnterminatedSqlException.class, () -> SqlScriptSplitter.split(script));
        }

        @Test
        void dollarQuotedString() {
            String script = "SELECT 1;\n".repeat(11) + """
                    CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$
                    BEGIN
                        PERFORM 1; $$ is not the end
                    END $fn;
                    SELECT 2;
                    """;
            UnterminatedSqlException e = fail(script);
            assertEquals("unterminated dollar-quoted string $fn$ starting at line 12", e.getMessage());
            assertEquals(12, e.line());
            assertTrue(e instanceof IllegalArgumentException);
        }

        @Test
        void strings() {
            assertEquals("unterminated quoted string starting at line 2", fail("SELECT 1;\nSELECT 'it''s;\n").getMessage());
            assertEquals("unterminated escape string starting at line 1", fail("SELECT E'it\\';").getMessage());
            assertEquals("unterminated quoted string starting at line 3", fail("\n\nSELECT U&'x;").getMessage());
            assertEquals("unterminated quoted identifier starting at line 2",
                    fail("SELECT 1;\nSELECT \"col\"\" FROM t;").getMessage());
        }

        @Test
        void blockComment() {
            UnterminatedSqlException e = fail("SELECT 1;\n/* outer\n/* inner */\nSELECT 2;\n");
            assertEquals("unterminated block comment starting at line 2", e.getMessage());
            assertEquals(2, e.line());
        }

        @Test
        void beginAtomicBody() {
            UnterminatedSqlException e = fail("SELECT 1;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n SELECT 1;\n");
            assertEquals("unterminated BEGIN ATOMIC body starting at line 3", e.getMessage());
        }

        @Test
        void lineCommentAtEndOfScriptIsFine() {
            assertEquals(List.of("SELECT 1"), texts("SELECT 1; -- done"));
        }
    }

    @Nested
    class CopyFromStdin {
        @Test
        void takesTheLinesUpToBackslashDotAsDataNotSql() {
            String script = "CREATE TABLE t (a int, b text);\n"
                    + "COPY public.t (a, b) FROM stdin;\n"
                    + "1\tit's; -- not sql\n"
                    + "2\t\\N\n"
                    + "\\.\n"
                    + "SELECT 1;\n";
            List<SqlStatement> statements = split(script);

            assertEquals(List.of("CREATE TABLE t (a int, b text)", "COPY public.t (a, b) FROM stdin", "SELECT 1"),
                    statements.stream().map(SqlStatement::sql).toList());
            assertEquals(new SqlStatement.CopyData("1\tit's; -- not sql\n2\t\\N\n", 3), statements.get(1).copyData());
            assertEquals(null, statements.get(0).copyData());
            assertEquals(6, statements.get(2).line());
        }

        @Test
        void copyFromAServerFileOrACopyToIsPlainSql() {
            List<SqlStatement> statements = split("COPY t FROM '/tmp/t.txt';\nCOPY t TO STDOUT;\nCOPY stdin_t FROM '/x';\n");
            assertEquals(3, statements.size());
            assertTrue(statements.stream().allMatch(st -> st.copyData() == null));
        }

        @Test
        void emptyDataIsFine() {
            assertEquals(new SqlStatement.CopyData("", 2), split("copy t from STDIN;\n\\.\n").get(0).copyData());
        }

        @Test
        void missingTerminatorNamesTheCopyLine() {
            UnterminatedSqlException e = assertThrows(UnterminatedSqlException.class,
                    () -> SqlScriptSplitter.split("SELECT 1;\nCOPY t FROM stdin;\n1\tx\n2\ty\n"));
            assertEquals("unterminated COPY ... FROM STDIN data starting at line 2", e.getMessage());
            assertEquals(2, e.line());
            assertTrue(e.remedy().contains("\\."), e.remedy());
        }

        @Test
        void textAfterTheSemicolonOnTheCopyLineIsRefused() {
            SqlScriptSyntaxException e = assertThrows(SqlScriptSyntaxException.class,
                    () -> SqlScriptSplitter.split("COPY t FROM stdin; SELECT 1;\n\\.\n"));
            assertEquals(1, e.line());
        }
    }

    @Test
    void tenMegabyteScriptIsSplitInLinearTime() {
        String unit = """
                -- row; with a comment
                INSERT INTO event (id, payload) VALUES (1, 'x; y'), (2, $$z;$$);
                """;
        String script = unit.repeat(10_000_000 / unit.length());
        String bigString = "SELECT '" + "a;".repeat(5_000_000) + "'";
        List<SqlStatement> statements = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            SqlScriptSplitter.split(bigString);
            return SqlScriptSplitter.split(script);
        });
        assertEquals(10_000_000 / unit.length(), statements.size());
        SqlStatement last = statements.get(statements.size() - 1);
        assertEquals(2 * statements.size(), last.line());
        assertEquals("INSERT INTO event (id, payload) VALUES (1, 'x; y'), (2, $$z;$$)", last.sql());
    }
}
