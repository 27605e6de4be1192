package dev.weave.spi;

import java.util.Map;
import java.util.Set;

/**
 * A store plug-in, found through {@link java.util.ServiceLoader}. The core knows no store by
 * name: it picks an adapter by a target's store type or by a file's extension, and everything store
 * specific (connecting, locking, running a script, keeping the ledger) happens behind this port.
 *
 * <p>A new store is done when the conformance suite in weave-core's test-jar passes against the
 * real server.
 */
public interface StoreAdapter {

    /** The store type as used in weave.yaml and flags, e.g. {@code postgres}. */
    String storeType();

    /** The file extensions this store runs, e.g. {@code .sql}. No two adapters share one. */
    Set<String> extensions();

    /** Where this store's targets live in the default layout below the migrations root. */
    Layout layout();

    /**
     * Connection settings taken from the environment for a target, e.g. {@code POSTGRES_HOST} as
     * {@code host}. Lowest precedence: weave.yaml and flags override them.
     */
    Map<String, String> environmentSettings(Map<String, String> environment);

    /**
     * As {@link #environmentSettings(Map)}, knowing how many targets of this store the run has: a variable that
     * names one database (such as a connection URL) may fit a single target only.
     *
     * @param storeTargets the targets of this store (a fan-out counts as several), at least 1
     */
    default Map<String, String> environmentSettings(Map<String, String> environment, int storeTargets) {
        return environmentSettings(environment);
    }

    /**
     * Connection settings that another tool's configuration file beside a target's folder holds, for teams who
     * switch from that tool (neo4j-migrations' {@code neo4j.conf}), as this store's setting names. Lowest
     * precedence of all: the environment, weave.yaml and flags override them.
     *
     * @param targetFolder the target's migrations folder (which may not exist yet)
     * @throws dev.weave.error.ConfigurationException when such a file is there but cannot be read
     */
    default Map<String, String> folderSettings(java.nio.file.Path targetFolder) {
        return Map.of();
    }

    /**
     * A file's checksum as one of {@link #historySources()} records it (Flyway's CRC32 of lines …), recomputed for
     * {@code weave db adopt} to tell whether the file is the one that tool ran; null where that tool keeps none or
     * its algorithm cannot be reproduced.
     */
    default String foreignChecksum(String tool, java.nio.file.Path file) {
        return null;
    }

    /** The rules of {@code weave db lint} for this store's files; none by default. */
    default java.util.List<dev.weave.spi.lint.LintRule> lintRules() {
        return java.util.List.of();
    }

    /** A fresh linter for one target's files in one lint run (it may remember earlier files). */
    default dev.weave.spi.lint.StoreLinter linter() {
        return dev.weave.spi.lint.StoreLinter.NONE;
    }

    /**
     * Every setting this store reads. The core refuses any other key (from {@code --set}, flags, weave.yaml or
     * the Java API) with the nearest declared name, and the CLI's {@code weave db settings} and the README list
     * exactly these.
     */
    java.util.List<SettingSpec> settings();

    /** Setting names whose values are secrets: they are masked wherever Weave prints anything. */
    default Set<String> secretSettings() {
        Set<String> secrets = new java.util.LinkedHashSet<>();
        for (SettingSpec spec : settings()) {
            if (spec.secret()) {
                secrets.add(spec.name());
            }
        }
        return secrets;
    }

    /**
     * Fully qualified names of the client types of an application that this store can run through instead of
     * its own connections (a {@code javax.sql.DataSource}, a driver), for integrations such as a Spring Boot
     * starter that hand over the application's beans ({@link TargetSettings#client(Class)}). Names, not classes:
     * an application without that library must still load the adapter.
     */
    default java.util.List<String> clientTypes() {
        return java.util.List.of();
    }

    /**
     * Opens a connection for one target. Waits up to {@link TargetSettings#connectWait()} for a server
     * that is still starting.
     *
     * @throws dev.weave.error.StoreUnreachableException when the store cannot be reached or refuses the
     *         credentials; the message names the address but never a secret
     * @throws dev.weave.error.ConfigurationException when a setting is missing or malformed
     */
    StoreConnection connect(TargetSettings target);

    /**
     * Like {@link #connect}, for an operation that asks for the lock right after (migrate, repair, baseline,
     * undo, clean). A store whose lock needs work of its own, such as a second connection, may start it
     * meanwhile instead of when the lock is asked for. Same errors as {@link #connect}.
     */
    default StoreConnection connectToLock(TargetSettings target) {
        return connect(target);
    }

    /**
     * The other tools whose history this store can read for {@code weave db adopt}, each with where that
     * history lives by default (a table, a label, an index), e.g. {@code flyway → flyway_schema_history}.
     */
    default Map<String, String> historySources() {
        return Map.of();
    }

    /**
     * The setting that names one database on a server (e.g. {@code database}), which a fan-out target sets to
     * each of its databases in turn; null for a store without databases, which cannot fan out.
     */
    default String databaseSetting() {
        return null;
    }

    /**
     * The databases on the server a target's settings point at whose names match {@code pattern}
     * ({@code *} for any run of characters), for multi-tenant fan-out. Stores without databases say so.
     *
     * @throws dev.weave.error.ConfigurationException when this store has no databases to list
     */
    default java.util.List<String> listDatabases(TargetSettings settings, String pattern) {
        throw new dev.weave.error.ConfigurationException("target " + settings.targetName() + ": the " + storeType()
                + " store cannot list databases, so its fan-out must name them");
    }

    /**
     * Creates the database a target's settings name, on the server they point at, for a local store started by
     * {@code weave dev up} whose migrations folder appeared after it started. Only called after {@link #connect}
     * threw {@link dev.weave.error.DatabaseMissingException}; creating one that another runner just created is fine.
     *
     * @throws dev.weave.error.ConfigurationException when this store has no databases to create
     */
    default void createDatabase(TargetSettings settings) {
        throw new dev.weave.error.ConfigurationException("target " + settings.targetName() + ": the " + storeType()
                + " store cannot create databases");
    }

    /**
     * Drops the scratch database a target's settings name (a {@link dev.weave.spi.schema.StoreSchema.Reference#SCRATCH_DATABASE}
     * store's replay for {@code weave db diff}), also while sessions are still connected to it; one that is
     * already gone is fine.
     *
     * @throws dev.weave.error.ConfigurationException when this store has no databases to drop
     */
    default void dropDatabase(TargetSettings settings) {
        throw new dev.weave.error.ConfigurationException("target " + settings.targetName() + ": the " + storeType()
                + " store cannot drop databases");
    }

    /** Schema snapshots, diff and generated migrations for this store; null where the store has none. */
    default dev.weave.spi.schema.StoreSchema schema() {
        return null;
    }

    /**
     * What one part of this store's scripts is called in messages: "statement" for SQL or Cypher, "request" for
     * a file of HTTP requests, so that a failure reads "failed at request 2" and not in another store's words.
     * The plural adds an "s".
     */
    default String scriptPartName() {
        return "statement";
    }

    /**
     * Checks a script before anything of the run is applied, so that a syntax problem the adapter can
     * see without the store (an unterminated string, a forbidden statement) stops the run up front.
     *
     * @return how many statements (or requests) the script holds; 0 for a file of only blanks and comments,
     *         which the engine refuses as a versioned migration (it would use up its version for nothing)
     * @throws dev.weave.error.MigrationSourceException naming the file, the line and the rule
     */
    default int checkScript(Script script) {
        return script.text().isBlank() ? 0 : 1;
    }

    /**
     * The text {@code weave db create} writes into a new file: comments in this store's syntax saying what to
     * put there. It must hold no statement, so that a file left as created is refused by migrate rather than
     * recorded empty.
     *
     * @param fileName the new file's name, e.g. {@code V3__add_tags.sql}
     */
    default String newScriptTemplate(String fileName) {
        return "";
    }
}
