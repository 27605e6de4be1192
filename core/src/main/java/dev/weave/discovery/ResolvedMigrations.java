package dev.weave.discovery;

import dev.weave.model.CallbackEvent;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationVersion;

import java.util.List;
import java.util.Map;

/**
 * All migration files of one target, checked and ordered: versioned ones by version, repeatables by
 * description, callbacks by file name per event.
 */
public record ResolvedMigrations(
        List<MigrationFile> versioned,
        Map<MigrationVersion, MigrationFile> undos,
        List<MigrationFile> repeatables,
        Map<CallbackEvent, List<MigrationFile>> callbacks) {

    public List<MigrationFile> callbacks(CallbackEvent event) {
        return callbacks.getOrDefault(event, List.of());
    }

    public int fileCount() {
        return versioned.size() + undos.size() + repeatables.size()
                + callbacks.values().stream().mapToInt(List::size).sum();
    }
}
