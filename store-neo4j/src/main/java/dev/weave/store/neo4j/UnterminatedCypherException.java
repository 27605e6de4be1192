package dev.weave.store.neo4j;

/** A string, backtick name or block comment still open at the end of a script: it cannot be split. */
public class UnterminatedCypherException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * @param construct what is unterminated, e.g. {@code "string literal"}
     * @param line      1-based script line where it starts
     */
    public UnterminatedCypherException(String construct, int line) {
        super("unterminated " + construct + " starting at line " + line);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
