package dev.weave.config;

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
        values.removeIf(v -> v == null);
        return values;
    }
}
