package dev.weave.engine;

import dev.weave.api.HistoryResult;
import dev.weave.api.InfoLine;
import dev.weave.api.InfoResult;
import dev.weave.api.ValidationResult;
import dev.weave.discovery.ResolvedMigrations;
import dev.weave.model.LedgerEntry;
import dev.weave.plan.Plan;
import dev.weave.plan.PlanBuilder;
import dev.weave.plan.PlannedMigration;
import dev.weave.spi.StoreConnection;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** The read-only operations: info, validate, history. They take no lock and never create a ledger. */
public final class InspectOperations {

    private final TargetContext ctx;

    public InspectOperations(TargetContext ctx) {
        this.ctx = ctx;
    }

    public InfoResult info() {
        return withFilesAndLedger((connection, ledger) -> {
            Plan plan = plan(ledger);
            List<InfoLine> lines = plan.migrations().stream().map(InspectOperations::line).toList();
            return new InfoResult(ctx.name(), ctx.target().storeType(), connection.describe(),
                    MigrateOperation.version(plan.current()), lines);
        });
    }

    public ValidationResult validate(boolean ignorePending) {
        return withFilesAndLedger((connection, ledger) -> Findings.validate(ctx, plan(ledger), ignorePending));
    }

    /**
     * Reads the target's files on a helper thread while this one connects and reads the ledger: on a long
     * history each takes about as long as the other. A problem with the files is reported over a problem with
     * the store, as when the files were read first.
     */
    private <T> T withFilesAndLedger(Inspection<T> inspection) {
        FutureTask<ResolvedMigrations> files = new FutureTask<>(ctx::files);
        Thread reader = new Thread(files, "weave-files-" + ctx.name());
        reader.setDaemon(true);
        reader.start();
        try (StoreConnection connection = ctx.connect()) {
            List<LedgerEntry> ledger = ledger(connection);
            awaitFiles(files);
            return inspection.apply(connection, ledger);
        } catch (RuntimeException | Error e) {
            awaitFiles(files); // the files' own problem first
            throw e;
        }
    }

    private static void awaitFiles(FutureTask<ResolvedMigrations> files) {
        try {
            files.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the migration files", e);
        }
    }

    private interface Inspection<T> {
        T apply(StoreConnection connection, List<LedgerEntry> ledger);
    }

    public HistoryResult history() {
        try (StoreConnection connection = ctx.connect()) {
            return new HistoryResult(ctx.name(), ctx.target().storeType(), ledger(connection));
        }
    }

    private Plan plan(List<LedgerEntry> ledger) {
        return new PlanBuilder(null, ctx.config().outOfOrder()).build(ctx.files(), ledger);
    }

    private static List<LedgerEntry> ledger(StoreConnection connection) {
        return connection.ledgerExists() ? connection.readLedger() : List.of();
    }

    private static InfoLine line(PlannedMigration m) {
        LedgerEntry e = m.entry();
        boolean ran = e != null;
        return new InfoLine(m.version() == null ? null : m.version().text(), m.description(), m.type(), m.script(),
                m.state().name(), ran ? e.installedOn() : null, ran ? e.installedBy() : null,
                ran ? e.executionMillis() : null);
    }
}
