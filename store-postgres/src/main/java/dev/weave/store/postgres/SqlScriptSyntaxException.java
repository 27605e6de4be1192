package dev.weave.store.postgres;

/** A script that cannot be split into statements: the line where the trouble starts and what to do about it. */
public class SqlScriptSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String remedy;

    /**
     * @param message what is wrong, naming the line
     * @param line    1-based script line where it starts
     * @param remedy  what the user should do, e.g. {@code "close it or check the quotes before it"}
     */
    public SqlScriptSyntaxException(String message, int line, String remedy) {
        super(message);
        this.line = line;
        this.remedy = remedy;
    }

    /** The 1-based script line where the problem starts. */
    public int line() {
        return line;
    }

    /** What to do about it. */
    public String remedy() {
        return remedy;
    }
}
