package dev.weave.store.postgres;

/**
 * A string, quoted identifier, comment, dollar-quoted string, {@code BEGIN ATOMIC} body or COPY data that
 * is still open at the end of the script, so the script cannot be split into statements.
 */
public class UnterminatedSqlException extends SqlScriptSyntaxException {

    private static final long serialVersionUID = 1L;

    /**
     * @param construct what is unterminated, e.g. {@code "dollar-quoted string $fn$"}
     * @param line      1-based script line where the construct starts
     */
    public UnterminatedSqlException(String construct, int line) {
        this(construct, line, "close it or check the quotes before it");
    }

    /** As above, with what the user should do about it. */
    public UnterminatedSqlException(String construct, int line, String remedy) {
        super("unterminated " + construct + " starting at line " + line, line, remedy);
    }
}
