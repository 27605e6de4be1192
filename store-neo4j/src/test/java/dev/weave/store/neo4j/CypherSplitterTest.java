package dev.weave.store.neo4j;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CypherSplitterTest {

    private static List<String> texts(String script) {
        return CypherSplitter.split(script).stream().map(CypherStatement::text).toList();
    }

    @Test
    void splitsAtSemicolonsAndKeepsMultiLineStatementsWhole() {
        List<CypherStatement> statements = CypherSplitter.split(
                "CREATE (:A);\n\nMATCH (a:A)\nSET a.x = 1\nRETURN a;\nRETURN 2");
        assertEquals(List.of("CREATE (:A)", "MATCH (a:A)\nSET a.x = 1\nRETURN a", "RETURN 2"),
                statements.stream().map(CypherStatement::text).toList());
        assertEquals(List.of(1, 3, 6), statements.stream().map(CypherStatement::line).toList());
        assertEquals(List.of(1, 2, 3), statements.stream().map(CypherStatement::number).toList());
    }

    @Test
    void semicolonsInStringsAreText() {
        assertEquals(List.of("CREATE (:A {s: 'a;b', t: \"c;d\"})", "RETURN 1"),
                texts("CREATE (:A {s: 'a;b', t: \"c;d\"});RETURN 1;"));
    }

    @Test
    void escapedQuotesDoNotEndAString() {
        assertEquals(List.of("RETURN 'it\\'s; fine', \"say \\\"hi;\\\"\", 'back\\\\'", "RETURN 2"),
                texts("RETURN 'it\\'s; fine', \"say \\\"hi;\\\"\", 'back\\\\';RETURN 2"));
    }

    @Test
    void otherQuotesInsideAStringAreText() {
        assertEquals(List.of("RETURN \"it's; ok\"", "RETURN '\"; `'"), texts("RETURN \"it's; ok\";RETURN '\"; `'"));
    }

    @Test
    void backtickNamesMayHoldSemicolonsQuotesAndDoubledBackticks() {
        assertEquals(List.of("CREATE (:`We;ird 'label`)", "CREATE (:`a``;b`)", "RETURN 1"),
                texts("CREATE (:`We;ird 'label`);CREATE (:`a``;b`);RETURN 1"));
    }

    @Test
    void commentsAreNotSeparatorsAndLeadingOrTrailingOnesAreDropped() {
        List<CypherStatement> statements = CypherSplitter.split(
                "// header; not a statement\n/* block; comment\n spanning lines */\nCREATE (:A) // trailing; comment\n;\n"
                        + "MATCH (n) /* inside; */ RETURN n;\n// only a comment;\n");
        assertEquals(List.of("CREATE (:A)", "MATCH (n) /* inside; */ RETURN n"),
                statements.stream().map(CypherStatement::text).toList());
        assertEquals(4, statements.get(0).line());
        assertEquals(6, statements.get(1).line());
    }

    @Test
    void commentMarkersInsideStringsAndNamesAreText() {
        assertEquals(List.of("CREATE (:A {url: 'http://x.org/a;b', c: '/* no */'})", "CREATE (:`//x`)"),
                texts("CREATE (:A {url: 'http://x.org/a;b', c: '/* no */'});CREATE (:`//x`)"));
    }

    @Test
    void emptyStatementsAndAMissingFinalSemicolonAreFine() {
        assertEquals(List.of("RETURN 1", "RETURN 2"), texts(";;\n RETURN 1 ;; ;\n\nRETURN 2\n\n"));
        assertTrue(CypherSplitter.split("  \n// nothing\n/* at all */\n").isEmpty());
    }

    @Test
    void crlfTextKeepsLineNumbers() {
        List<CypherStatement> statements = CypherSplitter.split("RETURN 1;\r\n\r\nRETURN 2;");
        assertEquals(3, statements.get(1).line());
    }

    @Test
    void unterminatedConstructsNameWhereTheyStart() {
        UnterminatedCypherException string = assertThrows(UnterminatedCypherException.class,
                () -> CypherSplitter.split("RETURN 1;\nCREATE (:A {name: 'oops});\nRETURN 2;"));
        assertEquals(2, string.line());
        assertTrue(string.getMessage().contains("string literal"), string.getMessage());

        assertEquals(3, assertThrows(UnterminatedCypherException.class,
                () -> CypherSplitter.split("RETURN 1;\n\nMATCH (n:`Open) RETURN n;")).line());
        assertEquals(2, assertThrows(UnterminatedCypherException.class,
                () -> CypherSplitter.split("RETURN 1;\n/* never closed;\nRETURN 2;")).line());
        assertEquals(1, assertThrows(UnterminatedCypherException.class,
                () -> CypherSplitter.split("RETURN 'ends with a backslash\\'")).line());
    }

    @Test
    void theSkeletonHidesStringsNamesAndComments() {
        CypherStatement s = CypherSplitter.split("MATCH (n:`IN TRANSACTIONS`) // CREATE INDEX\n"
                + "WHERE n.x = 'CREATE CONSTRAINT' RETURN n").get(0);
        assertEquals("MATCH (n:`n`) WHERE n.x = '' RETURN n", s.skeleton());
    }

    @Test
    void aLineInsideAStatementMapsToTheFile() {
        CypherStatement s = CypherSplitter.split("RETURN 1;\n\nMATCH (n)\nRETRN n").get(1);
        assertEquals(3, s.fileLine(1));
        assertEquals(4, s.fileLine(2));
    }
}
