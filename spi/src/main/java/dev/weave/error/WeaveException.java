package dev.weave.error;

/**
 * The root of every error Weave reports to a user. The message is meant to be shown as it is: it names
 * what is wrong, where, and what to do. It never contains a password or an API key.
 *
 * <p>{@link #exitCode()} is the number the {@code weave} command exits with, so an application can end the
 * same way: {@code System.exit(e.exitCode())}; {@link #kind()} is the same as an {@link ExitCode} to compare.
 */
public abstract class WeaveException extends RuntimeException {

    protected WeaveException(String message) {
        super(message);
    }

    protected WeaveException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What kind of failure this is; its {@link ExitCode#code()} is {@link #exitCode()}. */
    public abstract ExitCode kind();

    /** The documented exit code of the {@code weave} command for this failure (1 to 5). */
    public final int exitCode() {
        return kind().code();
    }
}
