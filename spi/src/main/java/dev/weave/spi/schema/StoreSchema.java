package dev.weave.spi.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * What a store offers for {@code weave db diff} and {@code weave db create --auto}: how it learns the schema the
 * migrations produce, how it reads a declared (desired) schema, and how it writes the migration between two
 * schemas. The live schema itself comes from {@link dev.weave.spi.StoreConnection#readSchema()}.
 */
public interface StoreSchema {

    /** How the schema the migrations produce is known. */
    enum Reference {
        /**
         * Replayed into a scratch database on the same server, created and dropped again by Weave (the store
         * creates and drops databases: {@link dev.weave.spi.StoreAdapter#createDatabase},
         * {@link dev.weave.spi.StoreAdapter#dropDatabase}); the desired schema is loaded into one too.
         */
        SCRATCH_DATABASE,
        /** The snapshot migrate records in the ledger after each run ({@link dev.weave.spi.StoreConnection#recordSchema}). */
        RECORDED_SNAPSHOT
    }

    Reference reference();

    /** The extension of the desired-schema file, {@code .sql} for {@code .weave/schema/<target>.sql}. */
    String desiredExtension();

    /**
     * Reads a desired-schema file without a server. Stores with {@link Reference#SCRATCH_DATABASE} return null:
     * the core loads the file into a scratch database and reads it back.
     *
     * @throws dev.weave.error.MigrationSourceException naming the file, the line and what is wrong
     */
    default SchemaSnapshot readDesired(Path file, String text) {
        return null;
    }

    /**
     * The script of the migration that turns {@code current} into {@code desired}, in dependency order, in this
     * store's syntax. A step that destroys data or needs a rebuild (dropping a column or table, narrowing a type,
     * a mapping change that needs a reindex) is written commented out under a line {@code weave:review <why>}.
     *
     * @param differences {@code desired.differencesTo(current)}, never empty
     */
    GeneratedMigration migration(SchemaSnapshot current, SchemaSnapshot desired, List<SchemaDifference> differences);

    /**
     * A generated migration's text, how many steps it makes and how many of them are left commented out for review.
     */
    record GeneratedMigration(String text, int steps, int toReview) {
    }
}
