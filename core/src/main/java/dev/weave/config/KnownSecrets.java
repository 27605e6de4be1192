package dev.weave.config;

import dev.weave.api.SecretMask;
import dev.weave.api.WeaveConfig;
import dev.weave.spi.SettingSpec;
import dev.weave.spi.StoreAdapter;

import java.util.ArrayList;
import java.util.List;

/**
 * Every secret a configuration carries, wherever it was given (flag, weave.yaml, environment, a target's
 * settings): the secret settings as they are, and the passwords inside connection URLs, which are not secret
 * settings themselves but may hold one ({@code user:password@host}, {@code ?password=}).
 */
public final class KnownSecrets {

    private KnownSecrets() {
    }

    public static SecretMask of(WeaveConfig config, StoreAdapters adapters) {
        List<String> secrets = new ArrayList<>();
        for (StoreAdapter adapter : adapters.all()) {
            for (String key : adapter.secretSettings()) {
                secrets.addAll(everyValueOf(key, adapter, config));
            }
            for (SettingSpec spec : adapter.settings()) {
                if (spec.kind() == SettingSpec.Kind.URL) {
                    everyValueOf(spec.name(), adapter, config).forEach(url -> secrets.addAll(SecretMask.passwordsInUrl(url)));
                }
            }
        }
        return new SecretMask(secrets);
    }

    private static List<String> everyValueOf(String key, StoreAdapter adapter, WeaveConfig config) {
        List<String> values = new ArrayList<>();
        values.add(config.overrides().get(key));
        values.add(config.storeSettings(adapter.storeType()).get(key));
        values.add(adapter.environmentSettings(config.environment()).get(key));
        config.targets().forEach(t -> values.add(t.settings().get(key)));
        // another tool's file beside a target's folder (neo4j-migrations' neo4j.conf) may hold a password too
        config.targets().stream().filter(t -> t.storeType().equals(adapter.storeType()))
                .forEach(t -> values.add(quietly(adapter, t.folder()).get(key)));
        if (adapter.layout() instanceof dev.weave.spi.Layout.FixedFolder fixed && config.location() != null) {
            values.add(quietly(adapter, config.location().resolve(fixed.relativePath())).get(key));
        }
        values.removeIf(v -> v == null);
        return values;
    }

    /** A file that cannot be read holds no secret to mask; resolving the target reports it. */
    private static java.util.Map<String, String> quietly(StoreAdapter adapter, java.nio.file.Path folder) {
        try {
            return folder == null ? java.util.Map.of() : adapter.folderSettings(folder);
        } catch (RuntimeException e) {
            return java.util.Map.of();
        }
    }
}
