package dev.weave.model;

/** The type column of a ledger entry. */
public enum EntryType {
    /** A versioned migration was applied (or failed, see success). */
    VERSIONED,
    /** A repeatable migration was applied with the recorded checksum. */
    REPEATABLE,
    /** An undo file reversed the version; the version counts as not applied after this entry. */
    UNDO,
    /** The ledger starts at this version: files at or below it are taken as already applied. */
    BASELINE,
    /** {@code repair} acknowledged that the file of an applied version was deleted on purpose. */
    DELETE,
    /**
     * A versioned migration another tool applied (Flyway, neo4j-migrations …), taken over by {@code weave db
     * adopt}: it counts as applied, and its checksum is Weave's of the file as it was verified at adoption.
     */
    ADOPTED
}
