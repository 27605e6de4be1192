package dev.weave.store.postgres;

/**
 * A string, quoted identifier, comment, dollar-quoted string or {@code BEGIN ATOMIC} body that is
 * still open at the end of the script, so the script cannot be split into statements.
 */
public class UnterminatedSqlException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * @param construct what is unterminated, e.g. {@code "dollar-quoted string $fn$"}
     * @param line      1-based script line where the construct starts
     */
    public UnterminatedSqlException(String construct, int line) {
        super("unterminated " + construct + " starting at line " + line);
        this.line = line;
    }

    /** The 1-based script line where the unterminated construct starts. */
    public int line() {
        return line;
    }
}
