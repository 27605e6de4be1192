package dev.weave.engine;

import dev.weave.api.BaselineResult;
import dev.weave.error.ConfigurationException;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.model.MigrationVersion;

import java.time.Instant;

/**
 * Starts the ledger of an existing database at a version: the files up to it are taken as applied and
 * only later ones run. Only on a ledger with nothing applied, so it can never hide real history.
 */
public final class BaselineOperation {

    private final TargetContext ctx;
    private final MigrationVersion version;
    private final String description;

    public BaselineOperation(TargetContext ctx, String version, String description) {
        this.ctx = ctx;
        MigrationVersion parsed = Versions.parseOption(version, "--version");
        this.version = parsed == null ? MigrationVersion.parse("1") : parsed;
        this.description = description == null || description.isBlank() ? "<< Baseline >>" : description;
    }

    public BaselineResult run() {
        return LedgerSession.run(ctx, (connection, ledger) -> {
            boolean hasHistory = ledger.stream().anyMatch(e -> e.success()
                    && (e.type() == EntryType.VERSIONED || e.type() == EntryType.BASELINE || e.type() == EntryType.REPEATABLE));
            if (hasHistory) {
                throw new ConfigurationException("target " + ctx.name() + ": baseline refused, the ledger already has "
                        + ledger.size() + " entries; baseline only starts an empty ledger (see weave db history " + ctx.name() + ")");
            }
            connection.appendEntry(new LedgerEntry(TargetContext.maxRank(ledger) + 1, version.text(), description,
                    EntryType.BASELINE, description, null, ctx.installedBy(connection), Instant.now(), 0, true));
            return new BaselineResult(ctx.name(), ctx.target().storeType(), version.text(), description);
        });
    }
}
