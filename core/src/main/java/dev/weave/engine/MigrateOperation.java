package dev.weave.engine;

import dev.weave.api.MigrateResult;
import dev.weave.api.MigrationEvent;
import dev.weave.api.MigrationCounts;
import dev.weave.api.MigrationSummary;
import dev.weave.error.MigrationSourceException;
import dev.weave.model.CallbackEvent;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;
import dev.weave.plan.Plan;
import dev.weave.plan.PlanBuilder;
import dev.weave.plan.PlannedMigration;
import dev.weave.spi.Script;
import dev.weave.spi.ScriptFailedException;
import dev.weave.spi.StoreConnection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings one target up to date: takes the lock, checks the ledger against the files, fires the
 * callbacks and applies what is pending, one migration (script and ledger entry) at a time.
 */
public final class MigrateOperation {

    private final TargetContext ctx;
    private final MigrationVersion targetVersion;
    private final boolean dryRun;
    private final MigrationGate gate;

    public MigrateOperation(TargetContext ctx, String targetVersion, boolean dryRun) {
        this(ctx, targetVersion, dryRun, MigrationGate.OPEN);
    }

    public MigrateOperation(TargetContext ctx, String targetVersion, boolean dryRun, MigrationGate gate) {
        this.ctx = ctx;
        this.targetVersion = Versions.parseOption(targetVersion, "--target");
        this.dryRun = dryRun;
        this.gate = gate;
    }

    public MigrateResult run() {
        long start = System.nanoTime();
        // the lock only after the files are known to be good: a bad file must not wait for another runner first
        try (StoreConnection connection = ConnectWhileReading.open(ctx,
                dryRun ? ctx::connect : ctx::connectToMigrate, c -> c).connection()) {
            if (dryRun) {
                return dryRun(connection, start);
            }
            return LedgerSession.run(ctx, connection, gate, (c, ledger) -> {
                Plan plan = plan(ledger);
                Findings.refuseProblems(ctx, plan);
                List<Script> scripts = scripts(plan);
                gate.started(ctx.name(), plan.current().orElse(null));
                List<MigrationSummary> applied = apply(c, ledger, scripts);
                SchemaRecord.afterMigrate(ctx, c, applied.size());
                // every script succeeded (a failure throws) under the lock, so the ledger now holds exactly what
                // was read plus what was applied: no second read of a long ledger to learn the new version
                return new MigrateResult(ctx.name(), ctx.target().storeType(), version(plan.current()),
                        highestAfter(plan, scripts), applied, counts(plan, scripts), false, millisSince(start));
            });
        }
    }

    private MigrateResult dryRun(StoreConnection connection, long start) {
        List<LedgerEntry> ledger = connection.readLedger(); // empty when there is no ledger yet
        Plan plan = plan(ledger);
        Findings.refuseProblems(ctx, plan);
        List<MigrationSummary> wouldRun = new ArrayList<>();
        List<Script> scripts = scripts(plan);
        for (Script script : scripts) {
            wouldRun.add(summary(script.file(), 0, script.text()));
        }
        return new MigrateResult(ctx.name(), ctx.target().storeType(), version(plan.current()),
                highestAfter(plan, scripts), wouldRun, counts(plan, scripts), true, millisSince(start));
    }

    /**
     * Every file of the plan in one bucket: run, or why not. A migrate that gets here has no problem states
     * (they refuse the run), so a file is pending (and in {@code scripts}) or one of the skipped states.
     */
    static MigrationCounts counts(Plan plan, List<Script> scripts) {
        MigrationVersion current = plan.current().orElse(null);
        int outOfOrder = 0;
        int alreadyApplied = 0;
        int belowBaseline = 0;
        int aboveTarget = 0;
        int deleted = 0;
        int total = 0;
        for (PlannedMigration m : plan.migrations()) {
            if (m.file() == null) {
                continue; // a ledger entry without a file (the baseline, a deleted one): not one of the files
            }
            total++;
            switch (m.state()) {
                case PENDING -> {
                    // only --out-of-order leaves a version below the current one pending (else it is OUT_OF_ORDER)
                    if (m.file().isVersioned() && current != null && m.version().compareTo(current) < 0) {
                        outOfOrder++;
                    }
                }
                case APPLIED, ADOPTED -> alreadyApplied++;
                case BELOW_BASELINE -> belowBaseline++;
                case ABOVE_TARGET -> aboveTarget++;
                case DELETED -> deleted++;
                default -> {
                    // outdated or undone: in scripts, as pending ones are
                }
            }
        }
        return new MigrationCounts(scripts.size(), outOfOrder, alreadyApplied, belowBaseline, aboveTarget, deleted, total);
    }

    static MigrationEvent event(TargetContext ctx, MigrationFile f, MigrationEvent.Outcome outcome, long millis, String message) {
        return new MigrationEvent(ctx.name(), ctx.target().storeType(), f.version() == null ? null : f.version().text(),
                f.script(), f.description(), outcome, millis, message);
    }

    /** The current version once {@code scripts} are applied: the highest of the plan's and theirs. */
    private static String highestAfter(Plan plan, List<Script> scripts) {
        MigrationVersion last = plan.current().orElse(null);
        for (Script script : scripts) {
            MigrationFile f = script.file();
            if (f.isVersioned() && (last == null || f.version().compareTo(last) > 0)) {
                last = f.version();
            }
        }
        return last == null ? null : last.text();
    }

    private List<MigrationSummary> apply(StoreConnection connection, List<LedgerEntry> ledger, List<Script> scripts) {
        ScriptRunner.callbacks(ctx, connection, CallbackEvent.BEFORE_MIGRATE);
        String installedBy = ctx.installedBy(connection);
        int rank = TargetContext.maxRank(ledger);
        List<MigrationSummary> applied = new ArrayList<>();
        ctx.listener().starting(ctx.name(), scripts.size());
        int index = 0;
        for (Script script : scripts) {
            MigrationFile f = script.file();
            gate.beforeApply(ctx.name(), f);
            ctx.listener().applying(ctx.name(), f.label(), ++index, scripts.size());
            LedgerEntry entry = new LedgerEntry(++rank, f.version() == null ? null : f.version().text(), f.description(),
                    f.kind() == MigrationKind.REPEATABLE ? EntryType.REPEATABLE : EntryType.VERSIONED, f.script(),
                    f.checksum(), installedBy, Instant.now(), 0, true);
            long t0 = System.nanoTime();
            try {
                ScriptRunner.apply(connection, script, entry);
            } catch (ScriptFailedException e) {
                ctx.listener().failed(ctx.name(), f.label(), e.getMessage());
                ctx.listener().migration(event(ctx, f, MigrationEvent.Outcome.FAILED, millisSince(t0), e.getMessage()));
                ScriptRunner.errorCallbacks(ctx, connection);
                throw ScriptRunner.failure(ctx, connection, f, e);
            }
            long millis = millisSince(t0);
            ctx.listener().applied(ctx.name(), f.label(), millis);
            ctx.listener().migration(event(ctx, f, MigrationEvent.Outcome.APPLIED, millis, null));
            applied.add(summary(f, millis, null));
            gate.afterApply(ctx.name(), f);
        }
        ScriptRunner.callbacks(ctx, connection, CallbackEvent.AFTER_MIGRATE);
        return applied;
    }

    private Plan plan(List<LedgerEntry> ledger) {
        return new PlanBuilder(targetVersion, ctx.config().outOfOrder()).build(ctx.files(), ledger);
    }

    /** Placeholders for every script first: a missing value must stop the run before anything is applied. */
    private List<Script> scripts(Plan plan) {
        List<Script> scripts = plan.toRun().stream().map(ctx::script).toList();
        for (Script script : scripts) {
            int parts = ctx.target().adapter().checkScript(script);
            if (parts == 0 && script.file().kind() == MigrationKind.VERSIONED) {
                throw emptyMigration(script.file(), ctx.target().adapter().scriptPartName());
            }
        }
        return scripts;
    }

    /**
     * A versioned file with nothing to run (left as {@code weave db create} wrote it, or emptied): applying it
     * would record its version with the checksum of nothing, and the SQL written into it later would then fail
     * validation. Refused before anything of the run is applied.
     */
    static MigrationSourceException emptyMigration(MigrationFile f, String partName) {
        return new MigrationSourceException(f.path(), "holds no " + partName + ", only blanks and comments; write the "
                + "migration into it (or delete the file) and run migrate again. An empty versioned migration is not "
                + "applied: it would use up version " + f.version().text() + " for nothing");
    }

    static MigrationSummary summary(MigrationFile f, long millis, String text) {
        String type = f.kind().name().toLowerCase();
        return new MigrationSummary(f.version() == null ? null : f.version().text(), f.description(), type,
                f.script(), millis, text);
    }

    static String version(Optional<MigrationVersion> version) {
        return version.map(MigrationVersion::text).orElse(null);
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
