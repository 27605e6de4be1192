package dev.weave.spi;

import dev.weave.api.ConfigurationException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an adapter needs to connect to one target: its name, its merged settings (environment,
 * weave.yaml and flags already merged), how long to wait for a starting server.
 */
public record TargetSettings(String targetName, String storeType, Map<String, String> settings, Duration connectWait) {

    public TargetSettings {
        settings = Map.copyOf(settings);
    }

    public Optional<String> get(String key) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("target '" + targetName + "': setting '" + key + "' must be a number, got '"
                    + value.get() + "'");
        }
    }
}
