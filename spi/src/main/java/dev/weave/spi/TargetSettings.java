package dev.weave.spi;

import dev.weave.error.ConfigurationException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an adapter needs to connect to one target: its name, its merged settings (environment,
 * weave.yaml and flags already merged), how long to wait for a starting server, and whom to tell while it waits.
 */
public record TargetSettings(String targetName, String storeType, Map<String, String> settings, Duration connectWait,
                             ConnectWaitListener waitListener) {

    public TargetSettings {
        settings = Map.copyOf(settings);
        waitListener = waitListener == null ? ConnectWaitListener.NONE : waitListener;
    }

    public TargetSettings(String targetName, String storeType, Map<String, String> settings, Duration connectWait) {
        this(targetName, storeType, settings, connectWait, ConnectWaitListener.NONE);
    }

    /** The same target with other settings (a maintenance database, a url taken apart); wait and listener kept. */
    public TargetSettings withSettings(Map<String, String> other) {
        return new TargetSettings(targetName, storeType, other, connectWait, waitListener);
    }

    public TargetSettings withWaitListener(ConnectWaitListener listener) {
        return new TargetSettings(targetName, storeType, settings, connectWait, listener);
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
