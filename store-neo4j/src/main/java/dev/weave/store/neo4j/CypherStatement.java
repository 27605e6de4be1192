package dev.weave.store.neo4j;

import java.util.Objects;

/**
 * One statement of a Cypher script, as produced by {@link CypherSplitter}.
 *
 * @param text     the statement as sent to Neo4j: an exact slice of the script from its first significant
 *                 character to the end of its last token, without the terminating semicolon or the
 *                 comments around it (comments inside are kept), so Neo4j's line numbers map onto the file
 * @param number   1-based number of the statement in the script (empty statements do not count)
 * @param line     1-based script line of the statement's first character
 * @param skeleton the statement with comments turned into spaces, string literals into {@code ''} and
 *                 backtick names into {@code `n`}: what is left are keywords, for classifying it without
 *                 being fooled by a label or a string that contains one
 */
public record CypherStatement(String text, int number, int line, String skeleton) {

    public CypherStatement {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(skeleton, "skeleton");
    }

    /** Maps a line of this statement (1-based, as Neo4j reports it) to the line of the file. */
    public int fileLine(int statementLine) {
        return statementLine < 1 ? line : line + statementLine - 1;
    }
}
