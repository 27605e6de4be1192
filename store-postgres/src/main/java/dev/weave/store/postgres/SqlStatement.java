package dev.weave.store.postgres;

import java.util.Objects;

/**
 * One statement of a SQL script, as produced by {@link SqlScriptSplitter}.
 *
 * @param sql    the statement text, an exact substring of the script from its first significant
 *               character to the end of its last significant token: no surrounding whitespace, no
 *               leading or trailing comments, no terminating semicolon (comments inside are kept)
 * @param number 1-based number of the statement in the script (dropped empty statements do not count)
 * @param line   1-based script line of the first character of {@code sql}
 * @param offset 0-based char offset in the script of the first character of {@code sql}
 * @param copyData for {@code COPY ... FROM STDIN}: the data lines that follow it in the script, up to
 *                 (without) the {@code \.} line; null for every other statement
 */
public record SqlStatement(String sql, int number, int line, int offset, CopyData copyData) {

    /**
     * The inline data of a {@code COPY ... FROM STDIN} statement, as pg_dump writes it.
     *
     * @param text      the data lines, each ending in {@code \n}, sent to the server as they are
     * @param firstLine 1-based script line of the first data line
     */
    public record CopyData(String text, int firstLine) {
        public CopyData {
            Objects.requireNonNull(text, "text");
        }
    }

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
    }

    /** A statement without COPY data. */
    public SqlStatement(String sql, int number, int line, int offset) {
        this(sql, number, line, offset, null);
    }

    /**
     * Maps a PostgreSQL error position to the script line it points at.
     *
     * <p>PostgreSQL reports {@code Position: N} (pgjdbc: {@code ServerErrorMessage.getPosition()}) as
     * the 1-based <em>character</em> (code point) index into the statement text it received, so
     * {@code sql} must have been sent unchanged. Because {@code sql} is a verbatim slice of the
     * script, the line is {@link #line()} plus the line breaks before that position; the script
     * itself is not needed. Positions below 1 map to {@link #line()}, positions past the end to the
     * statement's last line, because error reporting must not fail on an odd server value.
     *
     * @param position 1-based code point position inside {@code sql}
     * @return the 1-based line in the script
     */
    public int lineOfPosition(int position) {
        int result = line;
        int i = 0;
        // Walk code points, not chars: a character outside the BMP is one position for PostgreSQL
        // but two Java chars.
        for (int remaining = position - 1; remaining > 0 && i < sql.length(); remaining--) {
            if (sql.charAt(i) == '\n') {
                result++;
            }
            i += Character.charCount(sql.codePointAt(i));
        }
        return result;
    }
}
