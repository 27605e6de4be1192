package dev.weave.core;

import dev.weave.api.AdoptOptions;
import dev.weave.api.AutoCreateResult;
import dev.weave.api.DiffResult;
import dev.weave.engine.SchemaOperation;
import dev.weave.api.LintResult;
import dev.weave.engine.LintOperation;
import dev.weave.api.AdoptResult;
import dev.weave.api.BaselineResult;
import dev.weave.api.CleanResult;
import dev.weave.api.CreateResult;
import dev.weave.api.HistoryResult;
import dev.weave.api.ImportNamesResult;
import dev.weave.api.InfoResult;
import dev.weave.api.MigrateAllOptions;
import dev.weave.api.MigrateAllResult;
import dev.weave.api.MigrateResult;
import dev.weave.api.ProgressListener;
import dev.weave.api.RepairResult;
import dev.weave.api.UndoResult;
import dev.weave.api.ValidateAllResult;
import dev.weave.api.ValidationResult;
import dev.weave.api.WeaveConfig;
import dev.weave.config.KnownSecrets;
import dev.weave.config.ResolvedTarget;
import dev.weave.api.SecretMask;
import dev.weave.config.StoreAdapters;
import dev.weave.config.TargetResolver;
import dev.weave.engine.AdoptOperation;
import dev.weave.engine.BaselineOperation;
import dev.weave.engine.CleanOperation;
import dev.weave.engine.ImportNamesOperation;
import dev.weave.engine.InspectOperations;
import dev.weave.engine.MigrateAllOperation;
import dev.weave.engine.MigrateOperation;
import dev.weave.engine.NewMigrationFile;
import dev.weave.engine.RepairOperation;
import dev.weave.engine.TargetContext;
import dev.weave.engine.UndoOperation;
import dev.weave.engine.ValidateAllOperation;
import dev.weave.error.ConfigurationException;
import dev.weave.error.WeaveException;
import dev.weave.spi.StoreAdapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The entry point for applications and for the CLI: the same engine either way.
 *
 * <pre>{@code
 * Weave weave = Weave.create(WeaveConfig.builder().location(Path.of("db/migrations")).build());
 * MigrateResult result = weave.migrate("app");
 * }</pre>
 *
 * Every method works on one target and throws a {@link WeaveException} subtype whose message is meant
 * for the user and whose {@link WeaveException#exitCode()} the CLI returns.
 */
public final class Weave {

    private final WeaveConfig config;
    private final StoreAdapters adapters;
    private final ProgressListener listener;

    private Weave(WeaveConfig config, StoreAdapters adapters, ProgressListener listener) {
        this.config = config;
        this.adapters = adapters;
        this.listener = listener;
    }

    /** Uses the store adapters found on the class path. */
    public static Weave create(WeaveConfig config) {
        return new Weave(config, StoreAdapters.load(), ProgressListener.NONE);
    }

    /**
     * The store adapters on the class path (found through {@link java.util.ServiceLoader}), by store type: what a
     * skin offers flags, settings tables or checks for before any configuration exists.
     */
    public static List<StoreAdapter> installedStores() {
        return StoreAdapters.load().all();
    }

    /** As {@link #installedStores()}, from {@code loader} (e.g. a Maven plugin's own class realm). */
    public static List<StoreAdapter> installedStores(ClassLoader loader) {
        return StoreAdapters.load(loader).all();
    }

    /**
     * The installed adapter of {@code storeType}.
     *
     * @param where who asks, for the error (e.g. {@code weave db settings})
     * @throws ConfigurationException naming the known stores when none of that type is installed
     */
    public static StoreAdapter installedStore(String storeType, String where) {
        return StoreAdapters.load().require(storeType, where);
    }

    public Weave withListener(ProgressListener listener) {
        return new Weave(config, adapters, listener);
    }

    public WeaveConfig config() {
        return config;
    }

    /** The names of all targets: configured ones, or those the default layout finds. */
    public List<String> targets() {
        return resolver().resolveAll().stream().map(ResolvedTarget::name).toList();
    }

    /** The store type of a target, e.g. {@code postgres}. */
    public String storeType(String target) {
        return resolver().resolve(target).storeType();
    }

    /**
     * The client types of an application (fully qualified names, e.g. {@code javax.sql.DataSource}) that
     * {@code target}'s store can run through, for {@link WeaveConfig.Builder#client}; empty when it has none.
     */
    public List<String> clientTypes(String target) {
        return resolver().resolve(target).adapter().clientTypes();
    }

    public MigrateResult migrate(String target) {
        return migrate(target, null, false);
    }

    /**
     * @param targetVersion stop after this version; null for the latest
     * @param dryRun        compute and return exactly what would run (with placeholders substituted),
     *                      changing nothing
     */
    public MigrateResult migrate(String target, String targetVersion, boolean dryRun) {
        return new MigrateOperation(context(target), targetVersion, dryRun).run();
    }

    public InfoResult info(String target) {
        return new InspectOperations(context(target)).info();
    }

    /** @param ignorePending true when pending migrations are fine (before a migrate, say) */
    public ValidationResult validate(String target, boolean ignorePending) {
        return new InspectOperations(context(target)).validate(ignorePending);
    }

    public HistoryResult history(String target) {
        return new InspectOperations(context(target)).history();
    }

    /** The version the target is at; null for an empty ledger. */
    public String currentVersion(String target) {
        return info(target).currentVersion();
    }

    public RepairResult repair(String target) {
        return new RepairOperation(context(target)).run();
    }

    /**
     * Refuses an override ({@link WeaveConfig.Builder#override}) that the target's store does not read, for a
     * caller whose overrides are all meant for this one target, as the CLI's single-target commands are; a
     * configuration shared by several targets leaves each override to the stores that read it.
     *
     * @throws dev.weave.error.ConfigurationException naming the setting and the store's own settings
     */
    public void requireOverridesReadBy(String target) {
        resolver().requireOverridesReadBy(target);
    }

    /**
     * Takes over the history another tool left in the target's store (e.g. {@code flyway}), so that migrate goes
     * on from where that tool stopped; the old history is only read. {@code location} is its table, label or
     * index (null: the tool's default); {@code dryRun} reports the mapping and writes nothing.
     */
    public AdoptResult adopt(String target, String tool, String location, boolean dryRun) {
        return adopt(target, tool, location, null, dryRun);
    }

    /**
     * As {@link #adopt(String, String, String, boolean)}, for a tool whose history also needs its own folder:
     * Alembic's {@code versions/} (null: {@code alembic/versions} beside the migrations root's parent).
     */
    public AdoptResult adopt(String target, String tool, String location, Path toolFolder, boolean dryRun) {
        return adopt(target, AdoptOptions.from(tool).location(location).toolFolder(toolFolder).dryRun(dryRun));
    }

    /** Adopts with every option: where the history is, the tool's folder, a version map, dry run. */
    public AdoptResult adopt(String target, AdoptOptions options) {
        return new AdoptOperation(context(target), options).run();
    }

    public BaselineResult baseline(String target, String version, String description) {
        return new BaselineOperation(context(target), version, description).run();
    }

    /**
     * @param force      must be true: clean destroys data
     * @param everything also drop every object the migrations created, not just Weave's ledger
     */
    public CleanResult clean(String target, boolean force, boolean everything) {
        return new CleanOperation(context(target), force, everything).run();
    }

    /** @param toVersion undo every version above this one; null undoes only the latest */
    public UndoResult undo(String target, String toVersion, boolean dryRun) {
        return new UndoOperation(context(target), toVersion, dryRun).run();
    }

    /**
     * Migrates every target (less those the options leave out) as one plan: cross-store
     * {@code depends-on} honoured, independent targets in parallel. Never throws for a single target's
     * failure: each target's outcome is in the result; a bad file or a dependency cycle throws before
     * anything runs.
     */
    public MigrateAllResult migrateAll(MigrateAllOptions options) {
        return new MigrateAllOperation(resolver().resolveAll(), config, listener, options).run();
    }

    /**
     * Validates every target (less those left out) for CI; {@code offline} checks the files against
     * {@code sumFile} instead of the ledgers and needs no database.
     */
    public ValidateAllResult validateAll(Set<String> excludedStores, Set<String> only, boolean ignorePending,
                                         boolean offline, Path sumFile) {
        List<ResolvedTarget> targets = new TargetResolver(config, adapters, !offline).resolveAll();
        return new ValidateAllOperation(targets, config, listener).run(excludedStores, only, ignorePending, offline, sumFile);
    }

    /**
     * Lints every target's files (or those of {@code only}) with their stores' rules, offline: no store is
     * connected. Findings are data; the CLI fails on an ERROR rule.
     */
    public LintResult lint(Set<String> only) {
        return new LintOperation(new TargetResolver(config, adapters, false).resolveAll(), config).run(only);
    }

    /** Writes {@code weave.sum}: the checksums of every versioned migration of every target. */
    public int writeSum(Path sumFile) {
        return new ValidateAllOperation(new TargetResolver(config, adapters, false).resolveAll(), config).writeSum(sumFile);
    }

    /**
     * Writes the next {@code V<n>__<message>} file of the target, as a template of comments in the store's syntax.
     * A target that does not exist yet in the default layout (a new database's folder, or a store's fixed folder)
     * gets its folder created first.
     */
    public CreateResult create(String target, String message) {
        TargetResolver resolver = resolver();
        NewMigrationFile.slugOrThrow(message, target); // a bad message must not leave a folder behind
        Path createdFolder = newTargetFolder(resolver, target);
        TargetContext ctx = new TargetContext(resolver.resolve(target), config, listener);
        Path file = new NewMigrationFile(ctx).create(message);
        return new CreateResult(ctx.name(), ctx.target().storeType(), file, createdFolder);
    }

    /**
     * Writes the next migration of the target from its declared schema ({@code .weave/schema/<target>.sql},
     * {@code .cypher} or {@code .json}, see {@link WeaveConfig#schemaLocation()}): what the migrations produce is
     * compared with it and the difference written as statements in dependency order, destructive ones commented
     * out for review. No difference: nothing is written and the result's file is null.
     */
    public AutoCreateResult createAuto(String target, String message) {
        TargetResolver resolver = resolver();
        NewMigrationFile.slugOrThrow(message, target);
        Path createdFolder = newTargetFolder(resolver, target);
        boolean keepFolder = false;
        try {
            TargetContext ctx = new TargetContext(resolver.resolve(target), config, listener);
            AutoCreateResult result = new SchemaOperation(ctx).autoCreate(message);
            keepFolder = result.file() != null;
            return keepFolder ? result.withCreatedFolder(createdFolder) : result;
        } finally {
            if (createdFolder != null && !keepFolder) {
                try {
                    Files.deleteIfExists(createdFolder); // only empty: a new target's folder with nothing in it
                } catch (IOException ignored) {
                    // not empty or not ours to remove: leave it
                }
            }
        }
    }

    /**
     * Creates the folder of a target that does not exist yet in the default layout (a new database's folder, a
     * store's fixed folder) and returns it; null when the target's folder is there or it is configured.
     */
    private static Path newTargetFolder(TargetResolver resolver, String target) {
        Path folder = resolver.newTargetFolder(target).map(TargetResolver.NewTargetFolder::folder).orElse(null);
        if (folder != null) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
            }
        }
        return folder;
    }

    /**
     * Compares schemas of the target: with {@code desired} false, the live store against what the migrations
     * produce (drift); with {@code desired} true, what the migrations produce against the declared schema.
     */
    public DiffResult diff(String target, boolean desired) {
        SchemaOperation operation = new SchemaOperation(context(target));
        return desired ? operation.desired() : operation.drift();
    }

    /**
     * Renames the target's files from another tool's naming ({@code 001_init.sql}, golang-migrate's
     * {@code 1_init.up.sql}, a lone {@code models.sql}) to Weave's; {@code dryRun} only reports.
     */
    public ImportNamesResult importNames(String target, boolean dryRun) {
        return new ImportNamesOperation(context(target), dryRun).run();
    }

    /** Masks every secret this configuration knows (passwords, API keys) in a text about to be shown. */
    public SecretMask secretMask() {
        return KnownSecrets.of(config, adapters);
    }

    private TargetContext context(String target) {
        return new TargetContext(resolver().resolve(target), config, listener);
    }

    private TargetResolver resolver() {
        return new TargetResolver(config, adapters);
    }
}
