package dev.weave.api;

/**
 * The root of every error Weave reports to a user. The message is meant to be shown as it is: it names
 * what is wrong, where, and what to do. It never contains a password or an API key.
 */
public abstract class WeaveException extends RuntimeException {

    protected WeaveException(String message) {
        super(message);
    }

    protected WeaveException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract ExitCode exitCode();
}
