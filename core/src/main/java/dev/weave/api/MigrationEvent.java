package dev.weave.api;

/**
 * One migration that ran, as an event for log collectors ({@code --log-format json}) and applications
 * ({@link ProgressListener#migration}): which target and file, how long it took, how it ended.
 *
 * @param version null for a repeatable migration
 * @param script  the file as the ledger names it, relative to the target's folder
 * @param message why it failed; null when it did not
 */
public record MigrationEvent(String target, String storeType, String version, String script, String description,
                             Outcome outcome, long millis, String message) {

    public enum Outcome {
        /** A versioned or repeatable migration applied and recorded. */
        APPLIED,
        /** An undo file ran and was recorded. */
        UNDONE,
        /** The script failed; {@code message} says why. */
        FAILED
    }
}
