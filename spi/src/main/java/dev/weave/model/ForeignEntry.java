package dev.weave.model;

import java.time.Instant;

/**
 * One row of the history another migration tool left in a store (Flyway's {@code flyway_schema_history}, a
 * {@code schema_migrations} table …), as the store adapter read it — never changed, only read, for
 * {@code weave db adopt}.
 *
 * @param rank            the tool's own order (its installed rank), for messages and to know which row is latest
 * @param version         the version as the tool wrote it; null for a repeatable
 * @param description     as the tool recorded it
 * @param kind            what the row says happened
 * @param script          the file name the tool recorded (may hold a folder), or null
 * @param checksum        the tool's checksum as it wrote it (Flyway: a signed CRC32), or null when it keeps none
 * @param installedBy     who applied it, or null
 * @param installedOn     when, or null
 * @param executionMillis how long it ran, 0 when unknown
 * @param success         false for a failed row
 * @param where           where the row is, for messages: "flyway_schema_history rank 3"
 */
public record ForeignEntry(int rank, String version, String description, Kind kind, String script, String checksum,
                           String installedBy, Instant installedOn, long executionMillis, boolean success, String where) {

    /** What a row of another tool's history says happened. */
    public enum Kind {
        /** A versioned migration ran. */
        VERSIONED,
        /** A repeatable migration ran with the recorded checksum. */
        REPEATABLE,
        /** The history starts at this version. */
        BASELINE,
        /** The version was undone. */
        UNDO,
        /** The version's file was deleted on purpose (Flyway's repair). */
        DELETED,
        /** Everything up to this version is applied; the tool keeps only the latest (golang-migrate). */
        APPLIED_UP_TO,
        /** A migration Weave cannot run or check (a Java migration, a half-applied "dirty" state …). */
        UNSUPPORTED
    }
}
