package dev.weave.spi;

import dev.weave.error.ConfigurationException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an adapter needs to connect to one target: its name, its merged settings (environment,
 * weave.yaml and flags already merged), how long to wait for a starting server, whom to tell while it waits,
 * and the application's own client for the target when one was handed over (see {@link #client(Class)}).
 */
public record TargetSettings(String targetName, String storeType, Map<String, String> settings, Duration connectWait,
                             ConnectWaitListener waitListener, Object providedClient) {

    public TargetSettings {
        settings = Map.copyOf(settings);
        waitListener = waitListener == null ? ConnectWaitListener.NONE : waitListener;
    }

    public TargetSettings(String targetName, String storeType, Map<String, String> settings, Duration connectWait,
                          ConnectWaitListener waitListener) {
        this(targetName, storeType, settings, connectWait, waitListener, null);
    }

    public TargetSettings(String targetName, String storeType, Map<String, String> settings, Duration connectWait) {
        this(targetName, storeType, settings, connectWait, ConnectWaitListener.NONE, null);
    }

    /** The same target with other settings (a url taken apart); wait, listener and provided client kept. */
    public TargetSettings withSettings(Map<String, String> other) {
        return new TargetSettings(targetName, storeType, other, connectWait, waitListener, providedClient);
    }

    /**
     * The same target reached through other settings and Weave's own connection: a maintenance database, a scratch
     * database, a listing of tenants. The application's client serves the target's own database only.
     */
    public TargetSettings withOwnConnection(Map<String, String> other) {
        return new TargetSettings(targetName, storeType, other, connectWait, waitListener, null);
    }

    public TargetSettings withWaitListener(ConnectWaitListener listener) {
        return new TargetSettings(targetName, storeType, settings, connectWait, listener, providedClient);
    }

    /**
     * The application's own client of this target (a pool, a driver) when it handed one over and it is a
     * {@code type} ({@link StoreAdapter#clientTypes()}): the adapter connects through it instead of opening its own
     * connections, and never closes it — it belongs to the application.
     */
    public <T> Optional<T> client(Class<T> type) {
        return type.isInstance(providedClient) ? Optional.of(type.cast(providedClient)) : Optional.empty();
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
