package dev.weave.store.neo4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Cypher script into statements at the semicolons that end them, as cypher-shell does.
 *
 * <p>A {@code ;} ends a statement only outside of string literals ({@code '...'} and {@code "..."}, where
 * a backslash escapes the next character), backtick names ({@code `...`}, where {@code ``} is a
 * backtick) and comments ({@code // ...} to the end of the line, {@code /* ... *}{@code /}, which do not
 * nest in Cypher). Statements may span lines; the last one may lack its semicolon. One linear pass.
 */
public final class CypherSplitter {

    private CypherSplitter() {
    }

    /**
     * @return the non-empty statements of {@code script} in order; statements of only whitespace and
     *         comments are dropped
     * @throws UnterminatedCypherException if a string, backtick name or block comment is still open at the end
     */
    public static List<CypherStatement> split(String script) {
        return new Scanner(script).run();
    }

    /** The state of one pass over one script. */
    private static final class Scanner {
        private final String s;
        private final int n;
        private final List<CypherStatement> statements = new ArrayList<>();
        private final StringBuilder skeleton = new StringBuilder();
        private int pos;
        /** Offset of the current statement's first significant character, -1 before it. */
        private int start = -1;
        /** End (exclusive) of the current statement's last significant token. */
        private int end;
        /** Skeleton length at {@link #end}: trailing comments and spaces are cut with the text. */
        private int skeletonEnd;
        /** Lines are counted lazily, forward only, so the pass stays linear. */
        private int lineOffset;
        private int lineNumber = 1;

        Scanner(String script) {
            this.s = script;
            this.n = script.length();
        }

        List<CypherStatement> run() {
            while (pos < n) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                    space();
                } else if (c == '/' && at(pos + 1) == '/') {
                    int eol = s.indexOf('\n', pos);
                    pos = eol < 0 ? n : eol + 1;
                    space();
                } else if (c == '/' && at(pos + 1) == '*') {
                    int close = s.indexOf("*/", pos + 2);
                    if (close < 0) {
                        throw unterminated("block comment", pos);
                    }
                    pos = close + 2;
                    space();
                } else if (c == ';') {
                    endStatement();
                    pos++;
                } else {
                    token(c);
                }
            }
            endStatement();
            return statements;
        }

        /** One significant token: a quoted string or name, or a single character of anything else. */
        private void token(char c) {
            int tokenStart = pos;
            if (c == '\'' || c == '"') {
                skipString(c);
                skeleton.append("''");
            } else if (c == '`') {
                skipBacktickName();
                skeleton.append("`n`");
            } else {
                pos++;
                skeleton.append(c);
            }
            if (start < 0) {
                start = tokenStart;
            }
            end = pos;
            skeletonEnd = skeleton.length();
        }

        private void skipString(char quote) {
            int opening = pos;
            int i = pos + 1;
            while (i < n) {
                char c = s.charAt(i);
                if (c == '\\') {
                    i += 2; // a backslash escape (quote, backslash, n, t, u+hex...) never closes the string
                } else if (c == quote) {
                    pos = i + 1;
                    return;
                } else {
                    i++;
                }
            }
            throw unterminated("string literal " + quote + "...", opening);
        }

        private void skipBacktickName() {
            int opening = pos;
            int i = pos + 1;
            while (i < n) {
                if (s.charAt(i) == '`') {
                    if (at(i + 1) != '`') { // a doubled backtick is a backtick inside the name
                        pos = i + 1;
                        return;
                    }
                    i += 2;
                } else {
                    i++;
                }
            }
            throw unterminated("backtick name `...", opening);
        }

        private void space() {
            if (start >= 0 && (skeleton.length() == 0 || skeleton.charAt(skeleton.length() - 1) != ' ')) {
                skeleton.append(' ');
            }
        }

        private void endStatement() {
            if (start >= 0) {
                statements.add(new CypherStatement(s.substring(start, end), statements.size() + 1, lineAt(start),
                        skeleton.substring(0, skeletonEnd)));
            }
            start = -1;
            skeleton.setLength(0);
            skeletonEnd = 0;
        }

        private UnterminatedCypherException unterminated(String what, int offset) {
            return new UnterminatedCypherException(what, lineAt(offset));
        }

        /** Line of {@code offset}; offsets must not decrease between calls. */
        private int lineAt(int offset) {
            for (; lineOffset < offset; lineOffset++) {
                if (s.charAt(lineOffset) == '\n') {
                    lineNumber++;
                }
            }
            return lineNumber;
        }

        private char at(int i) {
            return i < n ? s.charAt(i) : '\0';
        }
    }
}
