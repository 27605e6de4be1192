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
        ctx.files();
        try (StoreConnection connection = ctx.connect()) {
            Plan plan = plan(connection);
            List<InfoLine> lines = plan.migrations().stream().map(InspectOperations::line).toList();
            return new InfoResult(ctx.name(), ctx.target().storeType(), connection.describe(),
                    MigrateOperation.version(plan.current()), lines);
        }
    }

    public ValidationResult validate(boolean ignorePending) {
        ctx.files();
        try (StoreConnection connection = ctx.connect()) {
            return Findings.validate(ctx, plan(connection), ignorePending);
        }
    }

    public HistoryResult history() {
        try (StoreConnection connection = ctx.connect()) {
            return new HistoryResult(ctx.name(), ctx.target().storeType(), ledger(connection));
        }
    }

    private Plan plan(StoreConnection connection) {
        return new PlanBuilder(null, ctx.config().outOfOrder()).build(ctx.files(), ledger(connection));
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
