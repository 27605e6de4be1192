package dev.weave.config;

import dev.weave.spi.StoreAdapter;
import dev.weave.spi.TargetSettings;

import java.nio.file.Path;

/**
 * A target ready to work on: its adapter, its folder and its merged settings.
 *
 * @param group the fan-out target it belongs to ({@code tenants} for {@code tenants.tenant_a}); null
 *              for an ordinary target
 */
public record ResolvedTarget(String name, StoreAdapter adapter, Path folder, TargetSettings settings,
                             boolean cleanDisabled, String group) {

    public ResolvedTarget(String name, StoreAdapter adapter, Path folder, TargetSettings settings, boolean cleanDisabled) {
        this(name, adapter, folder, settings, cleanDisabled, null);
    }

    public String storeType() {
        return adapter.storeType();
    }

    /** True for the target itself, or for a member of the fan-out group of that name. */
    public boolean answersTo(String nameOrGroup) {
        return name.equals(nameOrGroup) || nameOrGroup.equals(group);
    }
}
