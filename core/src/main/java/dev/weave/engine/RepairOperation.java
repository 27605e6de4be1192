package dev.weave.engine;

import dev.weave.api.RepairResult;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.plan.Plan;
import dev.weave.plan.PlanBuilder;
import dev.weave.plan.PlannedMigration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the ledger agree with the files again, as the user decided: failed entries are removed (so the
 * fixed file runs again), checksums and descriptions of edited files are accepted, and migrations whose
 * files were deleted are marked deleted.
 */
public final class RepairOperation {

    private final TargetContext ctx;

    public RepairOperation(TargetContext ctx) {
        this.ctx = ctx;
    }

    public RepairResult run() {
        ctx.files();
        return LedgerSession.run(ctx, (connection, ledger) -> {
            List<String> actions = new ArrayList<>();
            for (LedgerEntry entry : ledger) {
                if (!entry.success()) {
                    connection.removeEntry(entry.rank());
                    actions.add("removed failed entry " + label(entry) + " (" + entry.script() + ")");
                }
            }
            List<LedgerEntry> remaining = ledger.stream().filter(LedgerEntry::success).toList();
            Plan plan = new PlanBuilder(null, true).build(ctx.files(), remaining);
            int rank = TargetContext.maxRank(ledger);
            for (PlannedMigration m : plan.migrations()) {
                switch (m.state()) {
                    case CHECKSUM_MISMATCH -> {
                        connection.updateEntry(m.entry().withChecksumAndDescription(m.file().checksum(), m.file().description()));
                        actions.add("accepted the edited file of " + m.label() + " (" + m.script() + ")");
                    }
                    case APPLIED -> {
                        if (!m.entry().description().equals(m.file().description())) {
                            connection.updateEntry(m.entry().withChecksumAndDescription(m.entry().checksum(), m.file().description()));
                            actions.add("updated the description of " + m.label());
                        }
                    }
                    case MISSING -> {
                        LedgerEntry e = m.entry();
                        connection.appendEntry(new LedgerEntry(++rank, e.version(), e.description(), EntryType.DELETE,
                                e.script(), null, ctx.installedBy(connection), Instant.now(), 0, true));
                        actions.add("marked " + m.label() + " as deleted (its file is gone)");
                    }
                    default -> {
                    }
                }
            }
            return new RepairResult(ctx.name(), ctx.target().storeType(), List.copyOf(actions));
        });
    }

    private static String label(LedgerEntry e) {
        return e.version() == null ? "R " + e.description() : "V" + e.version() + " " + e.description();
    }
}
