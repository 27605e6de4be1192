package dev.weave.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * A target named explicitly (in weave.yaml or through the API) instead of found by the default layout.
 *
 * @param storeType    the adapter's store type, e.g. {@code postgres}
 * @param folder       its migration folder; a relative path is resolved against the migrations location
 * @param settings     connection and store settings for this target only (highest precedence below flags)
 * @param cleanDisabled true forbids {@code clean} on this target
 */
public record TargetConfig(String name, String storeType, Path folder, Map<String, String> settings,
                           boolean cleanDisabled) {

    public TargetConfig {
        settings = Map.copyOf(settings);
    }
}
