package dev.weave.engine;

import dev.weave.api.HistoryResult;
import dev.weave.api.InfoLine;
import dev.weave.api.InfoResult;
import dev.weave.api.ValidationResult;
import dev.weave.model.LedgerEntry;
import dev.weave.plan.Plan;
import dev.weave.plan.PlanBuilder;
import dev.weave.plan.PlannedMigration;
import dev.weave.spi.StoreConnection;

import java.util.List;

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

    /** Connects and reads the ledger on a helper thread while this one reads the target's files. */
    private <T> T withFilesAndLedger(Inspection<T> inspection) {
        var opened = ConnectWhileReading.open(ctx, false, InspectOperations::ledger);
        try (StoreConnection connection = opened.connection()) {
            return inspection.apply(connection, opened.value());
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
        return connection.readLedger(); // empty when there is no ledger yet
    }

    private static InfoLine line(PlannedMigration m) {
        LedgerEntry e = m.entry();
        boolean ran = e != null;
        return new InfoLine(m.version() == null ? null : m.version().text(), m.description(), m.type(), m.script(),
                m.state().name(), ran ? e.installedOn() : null, ran ? e.installedBy() : null,
                ran ? e.executionMillis() : null);
    }
}
