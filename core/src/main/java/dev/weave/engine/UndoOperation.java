package dev.weave.engine;

import dev.weave.api.MigrationSummary;
import dev.weave.api.UndoResult;
import dev.weave.error.ConfigurationException;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationVersion;
import dev.weave.plan.MigrationState;
import dev.weave.plan.Plan;
import dev.weave.plan.PlanBuilder;
import dev.weave.plan.PlannedMigration;
import dev.weave.spi.Script;
import dev.weave.spi.ScriptFailedException;
import dev.weave.spi.StoreConnection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reverses applied versions with their U files, newest first: the latest one, or every one above
 * {@code --to}. Every needed U file must exist before anything runs; each undo is recorded as an UNDO
 * entry, after which the version is pending again.
 */
public final class UndoOperation {

    private final TargetContext ctx;
    private final MigrationVersion to;
    private final boolean dryRun;

    public UndoOperation(TargetContext ctx, String to, boolean dryRun) {
        this.ctx = ctx;
        this.to = Versions.parseOption(to, "--to");
        this.dryRun = dryRun;
    }

    public UndoResult run() {
        ctx.files();
        try (StoreConnection connection = ctx.connectToLock()) {
            if (dryRun) {
                List<LedgerEntry> ledger = connection.readLedger(); // empty when there is no ledger yet
                List<Script> scripts = scripts(plan(ledger));
                List<MigrationSummary> would = scripts.stream()
                        .map(s -> MigrateOperation.summary(s.file(), 0, s.text())).toList();
                return new UndoResult(ctx.name(), ctx.target().storeType(), would, finalVersion(plan(ledger), scripts), true);
            }
            return LedgerSession.run(ctx, connection, MigrationGate.OPEN, (c, ledger) -> {
                Plan plan = plan(ledger);
                List<Script> scripts = scripts(plan);
                String installedBy = ctx.installedBy(connection);
                int rank = TargetContext.maxRank(ledger);
                List<MigrationSummary> undone = new ArrayList<>();
                ctx.listener().starting(ctx.name(), scripts.size());
                for (Script script : scripts) {
                    MigrationFile u = script.file();
                    LedgerEntry entry = new LedgerEntry(++rank, u.version().text(), u.description(), EntryType.UNDO,
                            u.script(), u.checksum(), installedBy, Instant.now(), 0, true);
                    long t0 = System.nanoTime();
                    try {
                        ScriptRunner.apply(connection, script, entry);
                    } catch (ScriptFailedException e) {
                        ctx.listener().migration(MigrateOperation.event(ctx, u, dev.weave.api.MigrationEvent.Outcome.FAILED,
                                MigrateOperation.millisSince(t0), e.getMessage()));
                        throw ScriptRunner.failure(ctx, connection, u, e);
                    }
                    long millis = MigrateOperation.millisSince(t0);
                    ctx.listener().applied(ctx.name(), u.label(), millis);
                    ctx.listener().migration(MigrateOperation.event(ctx, u, dev.weave.api.MigrationEvent.Outcome.UNDONE,
                            millis, null));
                    undone.add(MigrateOperation.summary(u, millis, null));
                }
                Plan after = plan(connection.readLedger());
                return new UndoResult(ctx.name(), ctx.target().storeType(), undone,
                        MigrateOperation.version(after.current()), false);
            });
        }
    }

    private Plan plan(List<LedgerEntry> ledger) {
        return new PlanBuilder(null, true).build(ctx.files(), ledger);
    }

    /** The U scripts to run, newest version first; refuses before running anything if one is missing. */
    private List<Script> scripts(Plan plan) {
        if (plan.migrations().stream().anyMatch(m -> m.state() == MigrationState.FAILED)) {
            throw new ConfigurationException("target " + ctx.name() + ": undo refused, the ledger has a failed migration;"
                    + " fix it and run weave db repair " + ctx.name() + " first");
        }
        List<PlannedMigration> applied = plan.migrations().stream()
                .filter(m -> "versioned".equals(m.type()) && m.version() != null)
                .filter(m -> m.state() == MigrationState.APPLIED || m.state() == MigrationState.ADOPTED
                        || m.state() == MigrationState.CHECKSUM_MISMATCH)
                .sorted(Comparator.comparing(PlannedMigration::version).reversed())
                .toList();
        if (applied.isEmpty()) {
            throw new ConfigurationException("target " + ctx.name() + ": nothing to undo, no versioned migration is applied");
        }
        List<PlannedMigration> toUndo = to == null ? applied.subList(0, 1)
                : applied.stream().filter(m -> m.version().compareTo(to) > 0).toList();
        List<String> missing = new ArrayList<>();
        List<Script> scripts = new ArrayList<>();
        for (PlannedMigration m : toUndo) {
            MigrationFile u = ctx.files().undos().get(m.version());
            if (u == null) {
                missing.add("U" + m.version().text() + "__*" + extension());
            } else {
                Script script = ctx.script(u);
                ctx.target().adapter().checkScript(script);
                scripts.add(script);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("target " + ctx.name() + ": undo refused, no undo file for "
                    + String.join(", ", missing) + " in " + ctx.target().folder() + "; write the U file(s) first, nothing was changed");
        }
        return scripts;
    }

    private String finalVersion(Plan plan, List<Script> scripts) {
        List<MigrationVersion> remaining = plan.migrations().stream()
                .filter(m -> m.state() == MigrationState.APPLIED || m.state() == MigrationState.ADOPTED
                        || m.state() == MigrationState.CHECKSUM_MISMATCH)
                .filter(m -> m.version() != null)
                .map(PlannedMigration::version)
                .filter(v -> scripts.stream().noneMatch(s -> s.file().version().equals(v)))
                .toList();
        return remaining.stream().max(Comparator.naturalOrder()).map(MigrationVersion::text).orElse(null);
    }

    private String extension() {
        return ctx.target().adapter().extensions().iterator().next();
    }
}
