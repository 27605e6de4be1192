package dev.weave.store.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a PostgreSQL script into statements at the semicolons that PostgreSQL itself would treat
 * as statement terminators.
 *
 * <p>A {@code ;} ends a statement only outside of: string constants ({@code '...'} with {@code ''},
 * {@code E'...'} with backslash escapes, {@code U&'...'}), quoted identifiers ({@code "..."}),
 * dollar-quoted strings ({@code $$...$$}, {@code $tag$...$tag$}), line and (nesting) block
 * comments, parentheses and SQL-standard function bodies ({@code BEGIN ATOMIC ... END}).
 *
 * <p>Lexing follows PostgreSQL's scanner with {@code standard_conforming_strings = on} (the default
 * since 9.1): a backslash escapes only inside {@code E'...'}. The script must use {@code \n} line
 * breaks (a lone {@code \r} does not count as one). The scan is a single linear pass.
 *
 * <p>{@code COPY ... FROM STDIN;} takes the lines after it, up to a line holding only {@code \.}, as its
 * data, the way psql reads pg_dump's output: those lines are not SQL.
 */
public final class SqlScriptSplitter {

    /** COPY reading its data from the client; COPY FROM 'file' or PROGRAM reads on the server and stays plain SQL. */
    private static final Pattern COPY_FROM_STDIN = Pattern.compile("(?is)COPY\\s.*\\bFROM\\s+STDIN\\b.*");
    private static final String COPY_END = "\\.";

    private SqlScriptSplitter() {
    }

    /**
     * @return the non-empty statements of {@code script}, in order; statements consisting only of
     *         whitespace and comments are dropped, the last one may lack its semicolon
     * @throws UnterminatedSqlException if a string, quoted identifier, comment, dollar-quoted string
     *                                  or {@code BEGIN ATOMIC} body is still open at the end
     */
    public static List<SqlStatement> split(String script) {
        return new Scanner(script).run();
    }

    /** State of one pass over one script. */
    private static final class Scanner {
        private final String s;
        private final int n;
        private final List<SqlStatement> statements = new ArrayList<>();
        private int pos;

        /** Offset of the current statement's first significant char, -1 before it. */
        private int stmtStart = -1;
        /** End (exclusive) of the current statement's last significant token. */
        private int stmtEnd;
        /** Bounds of the statement's previous significant token: BEGIN before ATOMIC, '.' or AS before END. */
        private int prevStart;
        private int prevEnd;

        private int parenDepth;
        /** Open BEGIN ATOMIC bodies plus open CASE expressions inside them: each closes with END. */
        private int blockDepth;
        private int blockStart;

        /** Lines are counted lazily, forward only, so the whole pass stays linear. */
        private int lineOffset;
        private int lineNumber = 1;

        Scanner(String script) {
            this.s = script;
            this.n = script.length();
        }

        List<SqlStatement> run() {
            while (pos < n) {
                char c = s.charAt(pos);
                int start = pos;
                if (isSpace(c)) {
                    pos++;
                } else if (c == '-' && next() == '-') {
                    skipLineComment();
                } else if (c == '/' && next() == '*') {
                    skipBlockComment();
                } else if (c == ';' && parenDepth == 0 && blockDepth == 0) {
                    pos++;
                    endStatement(true);
                } else {
                    scanToken(c);
                    if (stmtStart < 0) {
                        stmtStart = start;
                    }
                    stmtEnd = pos;
                    prevStart = start;
                    prevEnd = pos;
                }
            }
            if (blockDepth > 0) {
                throw unterminated("BEGIN ATOMIC body", blockStart);
            }
            endStatement(false);
            return statements;
        }

        /** Consumes one significant token starting at {@code pos}. */
        private void scanToken(char c) {
            switch (c) {
                case '\'' -> skipQuoted(pos, pos, '\'', false, "quoted string");
                case '"' -> skipQuoted(pos, pos, '"', false, "quoted identifier");
                case '$' -> skipDollar();
                case '(' -> {
                    parenDepth++;
                    pos++;
                }
                case ')' -> {
                    // A stray ')' is a syntax error for the server to report; never go negative,
                    // or every later ';' would be swallowed.
                    parenDepth = Math.max(0, parenDepth - 1);
                    pos++;
                }
                default -> {
                    if (isIdentStart(c)) {
                        scanWord();
                    } else {
                        pos++; // operator, digit, comma, dot, or a ';' inside parentheses/bodies
                    }
                }
            }
        }

        /**
         * An identifier or keyword, or the E prefix of an escape string. U&amp;'...' needs no case
         * of its own: a backslash there never escapes a quote, so after the word U and the operator
         * &amp; it lexes as a standard string, just like B'...', X'...' and N'...'.
         */
        private void scanWord() {
            int start = pos;
            while (pos < n && isIdentPart(s.charAt(pos))) {
                pos++;
            }
            char first = s.charAt(start);
            if (pos - start == 1 && (first == 'E' || first == 'e') && at(pos) == '\'') {
                skipQuoted(start, pos, '\'', true, "escape string");
            } else {
                trackBlock(start);
            }
        }

        /**
         * Tracks SQL-standard bodies as psql's scanner does: BEGIN ATOMIC opens one, CASE inside one
         * opens an expression, END closes the innermost. Unlike psql, {@code t.end} and
         * {@code AS end} are recognised as column names, which the server accepts.
         */
        private void trackBlock(int start) {
            if (isWord(start, pos, "ATOMIC") && isWord(prevStart, prevEnd, "BEGIN")) {
                if (blockDepth++ == 0) {
                    blockStart = prevStart;
                }
            } else if (blockDepth > 0 && !isWord(prevStart, prevEnd, ".") && !isWord(prevStart, prevEnd, "AS")) {
                if (isWord(start, pos, "CASE")) {
                    blockDepth++;
                } else if (isWord(start, pos, "END")) {
                    blockDepth--;
                }
            }
        }

        /**
         * Skips a quoted token whose opening quote is at {@code quote}; {@code start} is where the
         * token (including any prefix) begins, for the error message.
         */
        private void skipQuoted(int start, int quote, char q, boolean backslashEscapes, String what) {
            int i = quote + 1;
            while (i < n) {
                char c = s.charAt(i);
                if (backslashEscapes && c == '\\') {
                    i += 2;
                } else if (c == q) {
                    if (at(i + 1) != q) { // a doubled quote is an escaped quote
                        pos = i + 1;
                        return;
                    }
                    i += 2;
                } else {
                    i++;
                }
            }
            throw unterminated(what, start);
        }

        /** A dollar-quoted string, or a lone '$' such as the one of a $1 parameter. */
        private void skipDollar() {
            int tagEnd = pos + 1;
            if (tagEnd < n && isIdentStart(s.charAt(tagEnd))) { // a tag never starts with a digit
                while (tagEnd < n && isTagPart(s.charAt(tagEnd))) {
                    tagEnd++;
                }
            }
            if (at(tagEnd) != '$') {
                pos++;
                return;
            }
            String delimiter = s.substring(pos, tagEnd + 1);
            // The body is opaque: other tags, quotes, comments and BEGIN inside it mean nothing.
            int close = s.indexOf(delimiter, tagEnd + 1);
            if (close < 0) {
                throw unterminated("dollar-quoted string " + delimiter, pos);
            }
            pos = close + delimiter.length();
        }

        private void skipLineComment() {
            int eol = s.indexOf('\n', pos);
            pos = eol < 0 ? n : eol + 1;
        }

        /** Block comments nest in PostgreSQL, unlike in the SQL standard. */
        private void skipBlockComment() {
            int start = pos;
            int depth = 0;
            while (pos < n) {
                if (s.charAt(pos) == '/' && next() == '*') {
                    depth++;
                    pos += 2;
                } else if (s.charAt(pos) == '*' && next() == '/') {
                    pos += 2;
                    if (--depth == 0) {
                        return;
                    }
                } else {
                    pos++;
                }
            }
            throw unterminated("block comment", start);
        }

        /** @param terminated the statement ended at a ';' (and {@code pos} is just after it), not at the end */
        private void endStatement(boolean terminated) {
            if (stmtStart >= 0) {
                String sql = s.substring(stmtStart, stmtEnd);
                int line = lineAt(stmtStart);
                SqlStatement.CopyData data = COPY_FROM_STDIN.matcher(sql).matches()
                        ? readCopyData(line, terminated) : null;
                statements.add(new SqlStatement(sql, statements.size() + 1, line, stmtStart, data));
            }
            stmtStart = -1;
            prevStart = prevEnd = 0;
        }

        /**
         * The data lines after {@code COPY ... FROM STDIN;}, up to the line {@code \.}; {@code pos} moves
         * past that line. The data starts on the line after the statement's ';'.
         */
        private SqlStatement.CopyData readCopyData(int copyLine, boolean terminated) {
            String remedy = "end its data with a line holding only \\. (as pg_dump writes it)";
            if (!terminated) {
                throw new UnterminatedSqlException("COPY ... FROM STDIN data", copyLine, remedy);
            }
            int eol = s.indexOf('\n', pos);
            int dataStart = eol < 0 ? n : eol + 1;
            if (!s.substring(pos, dataStart).isBlank()) {
                throw new SqlScriptSyntaxException("text after COPY ... FROM STDIN; on line " + lineAt(pos),
                        lineAt(pos), "start its data on the next line and put nothing after the ';'");
            }
            int lineStart = dataStart;
            while (lineStart < n) {
                int end = s.indexOf('\n', lineStart);
                int lineEnd = end < 0 ? n : end;
                if (s.regionMatches(lineStart, COPY_END, 0, COPY_END.length())
                        && s.substring(lineStart + COPY_END.length(), lineEnd).isBlank()) {
                    String text = s.substring(dataStart, lineStart);
                    int firstLine = lineAt(dataStart);
                    pos = end < 0 ? n : end + 1;
                    return new SqlStatement.CopyData(text, firstLine);
                }
                lineStart = end < 0 ? n : end + 1;
            }
            throw new UnterminatedSqlException("COPY ... FROM STDIN data", copyLine, remedy);
        }

        private UnterminatedSqlException unterminated(String what, int offset) {
            return new UnterminatedSqlException(what, lineAt(offset));
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

        private boolean isWord(int start, int end, String word) {
            return end - start == word.length() && s.regionMatches(true, start, word, 0, word.length());
        }

        private char next() {
            return at(pos + 1);
        }

        private char at(int i) {
            return i < n ? s.charAt(i) : '\0';
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** PostgreSQL's ident_start: ASCII letters, '_' and any non-ASCII character. */
    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** Dollar-quote tag characters: like an identifier, but without '$'. */
    private static boolean isTagPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    /** Identifiers may contain '$', which is why {@code a$b$} is a name and not a dollar quote. */
    private static boolean isIdentPart(char c) {
        return isTagPart(c) || c == '$';
    }
}
