package dev.weave.engine;

import dev.weave.api.AutoCreateResult;
import dev.weave.api.DiffResult;
import dev.weave.api.ProgressListener;
import dev.weave.config.ResolvedTarget;
import dev.weave.error.ConfigurationException;
import dev.weave.error.MigrationSourceException;
import dev.weave.error.WeaveException;
import dev.weave.model.LedgerEntry;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationKind;
import dev.weave.spi.Script;
import dev.weave.spi.ScriptFailedException;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;
import dev.weave.spi.schema.SchemaDifference;
import dev.weave.spi.schema.SchemaSnapshot;
import dev.weave.spi.schema.StoreSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code weave db diff} and {@code weave db create --auto}: three schemas of a target compared — the live store,
 * what the migrations produce, and the declared (desired) one in {@code .weave/schema/<target><ext>}. What the
 * migrations produce is replayed into a scratch database (dropped again whatever happens) or, for a store that
 * cannot make one, the snapshot migrate recorded; a declared schema is parsed by the store or loaded into a
 * scratch database and read back.
 */
public final class SchemaOperation {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TargetContext ctx;
    private final StoreAdapter adapter;
    private final StoreSchema schema;

    public SchemaOperation(TargetContext ctx) {
        this.ctx = ctx;
        this.adapter = ctx.target().adapter();
        this.schema = adapter.schema();
        if (schema == null) {
            throw new ConfigurationException("target " + ctx.name() + ": the " + adapter.storeType()
                    + " store reads no schema, so it has no diff and no create --auto");
        }
    }

    /** Drift: the live store against what the migrations produce (for a recorded snapshot, on one connection). */
    public DiffResult drift() {
        try (StoreConnection c = ctx.connect()) {
            Known migrations = schema.reference() == StoreSchema.Reference.SCRATCH_DATABASE
                    ? migrationsSchema() : recorded(c);
            SchemaSnapshot live = c.readSchema();
            return new DiffResult(ctx.name(), adapter.storeType(), migrations.description, "the live store ("
                    + c.describe() + ")", migrations.snapshot.objects().size(), migrations.snapshot.differencesTo(live));
        }
    }

    /** The declared schema against what the migrations produce. */
    public DiffResult desired() {
        Path file = desiredFile();
        SchemaSnapshot desired = readDesired(file);
        Known migrations = migrationsSchema();
        return new DiffResult(ctx.name(), adapter.storeType(), "the declared schema " + file, migrations.description,
                desired.objects().size(), desired.differencesTo(migrations.snapshot));
    }

    /** Writes the next migration from the difference between what the migrations produce and the declared schema. */
    public AutoCreateResult autoCreate(String message) {
        Path file = desiredFile();
        SchemaSnapshot desired = readDesired(file);
        Known current = migrationsSchema();
        List<SchemaDifference> differences = desired.differencesTo(current.snapshot);
        if (differences.isEmpty()) {
            return new AutoCreateResult(ctx.name(), adapter.storeType(), file, current.description, differences, null,
                    null, 0, 0);
        }
        StoreSchema.GeneratedMigration generated = schema.migration(current.snapshot, desired, differences);
        Path written = new NewMigrationFile(ctx).create(message, generated.text());
        return new AutoCreateResult(ctx.name(), adapter.storeType(), file, current.description, differences, written,
                null, generated.steps(), generated.toReview());
    }

    /** {@code .weave/schema/<target>.sql}; a fan-out member reads its group's file. */
    Path desiredFile() {
        ResolvedTarget t = ctx.target();
        Path file = ctx.config().schemaLocation().resolve((t.group() != null ? t.group() : t.name())
                + schema.desiredExtension());
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("target " + ctx.name() + " declares no schema: " + file + " does not exist;"
                    + " write the schema you want there (" + example() + ") and run the command again");
        }
        return file;
    }

    private String example() {
        return switch (schema.desiredExtension()) {
            case ".sql" -> "plain DDL: CREATE TABLE …, CREATE INDEX …";
            case ".cypher" -> "CREATE CONSTRAINT … / CREATE INDEX … statements";
            case ".json" -> "{\"indices\": {\"<name>\": {\"mappings\": …, \"settings\": …}}}";
            default -> "in the store's syntax";
        };
    }

    private SchemaSnapshot readDesired(Path file) {
        String text;
        try {
            text = Files.readString(file).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage());
        }
        SchemaSnapshot parsed = schema.readDesired(file, text);
        if (parsed != null) {
            return parsed;
        }
        MigrationFile asFile = new MigrationFile(MigrationKind.REPEATABLE, null, "declared schema",
                file.getFileName().toString(), file, text, "none", null);
        return inScratch("the declared schema", c -> {
            try {
                c.runCallback(new Script(asFile, text));
            } catch (ScriptFailedException e) {
                throw new MigrationSourceException(file, e.line(), "the declared schema does not load: "
                        + e.getMessage() + "; fix the file (it is plain DDL, run as one script)");
            }
            return c.readSchema();
        }).snapshot;
    }

    /** What the target's migrations produce, and how that was learnt. */
    private Known migrationsSchema() {
        if (schema.reference() == StoreSchema.Reference.SCRATCH_DATABASE) {
            ctx.files(); // a bad file is reported before a scratch database is made
            return inScratch("the migrations", c -> c.readSchema());
        }
        try (StoreConnection c = ctx.connect()) {
            return recorded(c);
        }
    }

    /** What the migrations produce, as the snapshot migrate recorded on this connection's store. */
    private Known recorded(StoreConnection c) {
        List<LedgerEntry> ledger = c.readLedger();
        Set<dev.weave.model.MigrationVersion> applied = new HashSet<>();
        ledger.stream().filter(e -> e.version() != null && e.success()).forEach(e -> applied.add(e.parsedVersion()));
        for (MigrationFile f : ctx.files().versioned()) {
            if (!applied.contains(f.version())) {
                throw new ConfigurationException("target " + ctx.name() + ": " + f.script() + " is pending, and the"
                        + " " + adapter.storeType() + " store knows what the migrations produce only from the"
                        + " schema migrate records; run weave db migrate " + ctx.name() + " first");
            }
        }
        SchemaSnapshot recorded = c.readRecordedSchema();
        if (recorded == null) {
            if (ledger.isEmpty()) {
                return new Known(SchemaSnapshot.EMPTY, "the migrations (none applied yet: an empty schema)");
            }
            throw new ConfigurationException("target " + ctx.name() + ": no schema was recorded yet (the ledger"
                    + " predates schema snapshots); run weave db migrate " + ctx.name() + " once to record it");
        }
        return new Known(recorded, "the schema migrate recorded in the ledger (" + c.describe() + ")");
    }

    /**
     * Runs {@code work} on a scratch database made for it on the target's server (for "the migrations", after
     * replaying them into it), and drops it again whatever happens.
     */
    private Known inScratch(String what, Function<StoreConnection, SchemaSnapshot> work) {
        String setting = adapter.databaseSetting();
        if (setting == null) {
            throw new ConfigurationException("target " + ctx.name() + ": the " + adapter.storeType()
                    + " store has no databases to replay into");
        }
        String scratch = scratchName();
        Map<String, String> settings = new LinkedHashMap<>(ctx.target().settings().settings());
        settings.put(setting, scratch);
        TargetSettings scratchSettings = ctx.target().settings().withOwnConnection(settings);
        ResolvedTarget target = new ResolvedTarget(ctx.name(), adapter, ctx.target().folder(), scratchSettings, false,
                ctx.target().group());
        TargetContext scratchCtx = new TargetContext(target, ctx.config(), ProgressListener.NONE);
        try {
            adapter.createDatabase(scratchSettings);
        } catch (WeaveException e) {
            throw new dev.weave.error.StoreErrorException("target " + ctx.name() + ": cannot create the scratch database "
                    + scratch + " to read " + what + " in (the user needs the CREATEDB privilege): " + e.getMessage(), e);
        }
        String description = what + (what.equals("the migrations") ? ", replayed" : ", loaded")
                + " into the scratch database " + scratch + " (dropped again)";
        try {
            if (what.equals("the migrations")) {
                try {
                    new MigrateOperation(scratchCtx, null, false).run();
                } catch (WeaveException e) {
                    throw new dev.weave.api.MigrationFailedException("target " + ctx.name() + ": replaying the"
                            + " migrations into the scratch database " + scratch + " (dropped again) failed: "
                            + e.getMessage(), e);
                }
            }
            try (StoreConnection c = scratchCtx.connect()) {
                return new Known(work.apply(c), description);
            }
        } finally {
            adapter.dropDatabase(scratchSettings);
        }
    }

    private String scratchName() {
        String base = ctx.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String suffix = String.format("_%08x", RANDOM.nextInt());
        String name = "weave_scratch_" + base;
        return (name.length() > 63 - suffix.length() ? name.substring(0, 63 - suffix.length()) : name) + suffix;
    }

    private record Known(SchemaSnapshot snapshot, String description) {
    }
}
