package dev.weave.plan;

import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationVersion;

import java.util.List;
import java.util.Optional;

/**
 * The comparison of one target's files with its ledger: every migration with its state, in order
 * (versioned by version, then repeatables), and what a migrate would run.
 *
 * @param current the highest version that counts as applied, empty for a fresh ledger
 * @param toRun   what migrate would apply, in order; excludes anything blocked by a problem
 */
public record Plan(List<PlannedMigration> migrations, Optional<MigrationVersion> current, List<MigrationFile> toRun) {

    public List<PlannedMigration> problems() {
        return migrations.stream().filter(m -> m.state().isProblem()).toList();
    }

    public List<PlannedMigration> pending() {
        return migrations.stream()
                .filter(m -> m.state() == MigrationState.PENDING || m.state() == MigrationState.OUTDATED
                        || m.state() == MigrationState.UNDONE)
                .toList();
    }

    public long count(MigrationState state) {
        return migrations.stream().filter(m -> m.state() == state).count();
    }
}
