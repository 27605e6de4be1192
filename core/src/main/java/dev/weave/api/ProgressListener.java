package dev.weave.api;

/** Told about each migration as it runs, so a CLI or an application can show progress. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** A migrate or undo is about to run {@code count} scripts on {@code target}. */
    default void starting(String target, int count) {
    }

    default void applying(String target, String label, int index, int count) {
    }

    default void applied(String target, String label, long millis) {
    }

    default void failed(String target, String label, String message) {
    }

    /** A migration ran (applied, undone or failed), with its file, version and time: one call per script. */
    default void migration(MigrationEvent event) {
    }

    /** The store warned about the migration {@code label} while it ran (e.g. a deprecated API); it still ran. */
    default void warning(String target, String label, String message) {
    }

    /**
     * A connection attempt to the target's server failed and Weave waits on ({@code --wait}): the server is down
     * or still starting. Called once per failed attempt.
     *
     * @param attempt failed attempts so far, from 1
     * @param waited  time since the first attempt
     * @param limit   the whole wait
     */
    default void waiting(String target, String store, String address, int attempt, java.time.Duration waited,
                         java.time.Duration limit, String problem) {
    }

    /** Something Weave did for the target besides migrating, that the user should hear about (a database created). */
    default void notice(String target, String message) {
    }
}
