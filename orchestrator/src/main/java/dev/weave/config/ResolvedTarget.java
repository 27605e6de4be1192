package dev.weave.config;

import dev.weave.spi.StoreAdapter;
import dev.weave.spi.TargetSettings;

import java.nio.file.Path;

/** A target ready to work on: its adapter, its folder and its merged settings. */
public record ResolvedTarget(String name, StoreAdapter adapter, Path folder, TargetSettings settings,
                             boolean cleanDisabled) {

    public String storeType() {
        return adapter.storeType();
    }
}
