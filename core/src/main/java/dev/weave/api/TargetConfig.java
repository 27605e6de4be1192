package dev.weave.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A target named explicitly (in weave.yaml or through the API) instead of found by the default layout.
 *
 * @param storeType     the adapter's store type, e.g. the name an adapter registers
 * @param folder        its migration folder; a relative path is resolved against the migrations location
 * @param settings      connection and store settings for this target only (highest precedence below flags)
 * @param cleanDisabled true forbids {@code clean} on this target
 * @param fanOut        for multi-tenant setups: the databases this target stands for, by name or by
 *                      pattern ({@code tenant_*}, listed from the server); each becomes a target
 *                      {@code <name>.<database>} migrated from the same folder. Empty for one database.
 */
public record TargetConfig(String name, String storeType, Path folder, Map<String, String> settings,
                           boolean cleanDisabled, List<String> fanOut) {

    public TargetConfig {
        settings = Map.copyOf(settings);
        fanOut = List.copyOf(fanOut);
    }

    public TargetConfig(String name, String storeType, Path folder, Map<String, String> settings, boolean cleanDisabled) {
        this(name, storeType, folder, settings, cleanDisabled, List.of());
    }
}
