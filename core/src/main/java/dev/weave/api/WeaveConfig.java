package dev.weave.api;

import dev.weave.error.ConfigurationException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable configuration of a {@code dev.weave.core.Weave} instance, built with {@link #builder()}.
 *
 * <p>Settings precedence for a target, lowest first: environment ({@code POSTGRES_HOST}, ...), the
 * store-wide settings, the target's own settings, then {@link Builder#override(String, String)} (flags).
 */
public final class WeaveConfig {

    /** 100 MiB: far above any hand-written migration, well below what a default heap can read. */
    public static final long DEFAULT_MAX_SCRIPT_SIZE = 100L << 20;
    public static final long LARGEST_MAX_SCRIPT_SIZE = 1L << 30;

    private final Path location;
    private final Path schemaLocation;
    private final List<TargetConfig> targets;
    private final Map<String, Map<String, String>> storeSettings;
    private final Map<String, String> overrides;
    private final Map<String, String> placeholders;
    private final Map<String, String> environment;
    private final String installedBy;
    private final Duration lockTimeout;
    private final Duration connectWait;
    private final boolean outOfOrder;
    private final long maxScriptSize;
    private final Map<String, Object> clients;
    private final Map<String, Map<String, String>> targetSettings;

    private WeaveConfig(Builder b) {
        this.location = b.location;
        this.schemaLocation = b.schemaLocation;
        this.targets = List.copyOf(b.targets);
        Map<String, Map<String, String>> stores = new HashMap<>();
        b.storeSettings.forEach((k, v) -> stores.put(k, Map.copyOf(v)));
        this.storeSettings = Map.copyOf(stores);
        this.overrides = Map.copyOf(b.overrides);
        this.placeholders = Map.copyOf(b.placeholders);
        this.environment = Map.copyOf(b.environment);
        this.installedBy = b.installedBy;
        this.clients = Map.copyOf(b.clients);
        Map<String, Map<String, String>> perTarget = new LinkedHashMap<>();
        b.targetSettings.forEach((t, m) -> perTarget.put(t, Map.copyOf(m)));
        this.targetSettings = java.util.Collections.unmodifiableMap(perTarget);
        this.lockTimeout = b.lockTimeout;
        this.connectWait = b.connectWait;
        this.outOfOrder = b.outOfOrder;
        this.maxScriptSize = b.maxScriptSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The migrations root of the default layout (default {@code .weave/migrations}). */
    public Path location() {
        return location;
    }

    /**
     * Where the declared (desired) schemas of {@code weave db create --auto} and {@code weave db diff --desired}
     * live, one file per target ({@code app.sql}, {@code neo4j.cypher}, {@code elasticsearch.json}): by default the
     * folder {@code schema} beside the migrations root, {@code .weave/schema}.
     */
    public Path schemaLocation() {
        if (schemaLocation != null) {
            return schemaLocation;
        }
        Path parent = location.toAbsolutePath().normalize().getParent();
        return parent == null ? location.resolve("schema") : parent.resolve("schema");
    }

    /** Targets named explicitly; when empty, targets come from the default layout below {@link #location()}. */
    public List<TargetConfig> targets() {
        return targets;
    }

    public Map<String, String> storeSettings(String storeType) {
        return storeSettings.getOrDefault(storeType, Map.of());
    }

    public Map<String, String> overrides() {
        return overrides;
    }

    public Map<String, String> placeholders() {
        return placeholders;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Who the ledger names as installer; null means the store user. */
    /** Settings given for one target by name (any layout), over weave.yaml's and under flags; empty when none. */
    public Map<String, String> targetSettings(String target) {
        return targetSettings.getOrDefault(target, Map.of());
    }

    /** The targets named by {@link Builder#targetSetting} or {@link Builder#client}: each must exist. */
    public java.util.Set<String> targetsNamedBySettingsOrClients() {
        java.util.Set<String> names = new java.util.TreeSet<>(targetSettings.keySet());
        names.addAll(clients.keySet());
        return names;
    }

    /** The application's own client handed over for {@code target}, or null: Weave then opens its own connections. */
    public Object client(String target) {
        return clients.get(target);
    }

    public String installedBy() {
        return installedBy;
    }

    public Duration lockTimeout() {
        return lockTimeout;
    }

    public Duration connectWait() {
        return connectWait;
    }

    public boolean outOfOrder() {
        return outOfOrder;
    }

    /** The largest migration file, in bytes, that is read; a larger one is an error before anything runs. */
    public long maxScriptSize() {
        return maxScriptSize;
    }

    /** The store types that have store-wide settings (each must be a store some adapter provides). */
    public java.util.Set<String> storeTypesWithSettings() {
        return storeSettings.keySet();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.location = location;
        b.schemaLocation = schemaLocation;
        b.targets.addAll(targets);
        storeSettings.forEach((k, v) -> b.storeSettings.put(k, new LinkedHashMap<>(v)));
        b.overrides.putAll(overrides);
        b.placeholders.putAll(placeholders);
        b.environment = new HashMap<>(environment);
        b.installedBy = installedBy;
        b.clients.putAll(clients);
        targetSettings.forEach((t, m) -> b.targetSettings.put(t, new LinkedHashMap<>(m)));
        b.lockTimeout = lockTimeout;
        b.connectWait = connectWait;
        b.outOfOrder = outOfOrder;
        b.maxScriptSize = maxScriptSize;
        return b;
    }

    public static final class Builder {
        private Path location = Path.of(".weave", "migrations");
        private Path schemaLocation;
        private final List<TargetConfig> targets = new ArrayList<>();
        private final Map<String, Map<String, String>> storeSettings = new LinkedHashMap<>();
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final Map<String, String> placeholders = new LinkedHashMap<>();
        private Map<String, String> environment = System.getenv();
        private String installedBy;
        private final Map<String, Object> clients = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> targetSettings = new LinkedHashMap<>();
        private Duration lockTimeout = Duration.ofMinutes(2);
        private Duration connectWait = Duration.ZERO;
        private boolean outOfOrder;
        private long maxScriptSize = DEFAULT_MAX_SCRIPT_SIZE;

        private Builder() {
        }

        public Builder location(Path location) {
            this.location = location;
            return this;
        }

        /** The folder of declared schemas; null for {@code schema} beside the migrations root. */
        public Builder schemaLocation(Path schemaLocation) {
            this.schemaLocation = schemaLocation;
            return this;
        }

        public Builder target(TargetConfig target) {
            targets.removeIf(t -> t.name().equals(target.name()));
            targets.add(target);
            return this;
        }

        public Builder storeSetting(String storeType, String key, String value) {
            storeSettings.computeIfAbsent(storeType, k -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** A setting for every target, above all other sources (this is what command-line flags use). */
        public Builder override(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder placeholder(String name, String value) {
            placeholders.put(name, value);
            return this;
        }

        /** The environment to read store settings and placeholders from; defaults to the process's. */
        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Runs {@code target} through the application's own client — one of the types its store lists in
         * {@code StoreAdapter.clientTypes()}, e.g. a {@code javax.sql.DataSource} — instead of connections Weave
         * opens from the settings. Weave borrows it and never closes it.
         */
        /**
         * A setting of one target, whatever the layout (a folder of the default layout or a weave.yaml target):
         * over the store's and the target's own settings, under {@link #override} (flags).
         */
        public Builder targetSetting(String target, String key, String value) {
            targetSettings.computeIfAbsent(target, t -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        public Builder client(String target, Object client) {
            clients.put(target, java.util.Objects.requireNonNull(client, "client"));
            return this;
        }

        public Builder installedBy(String installedBy) {
            this.installedBy = installedBy;
            return this;
        }

        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        /** How long to wait for a store that is still starting before reporting it unreachable. */
        public Builder connectWait(Duration connectWait) {
            this.connectWait = connectWait;
            return this;
        }

        /** Apply pending versions lower than the current one instead of refusing them. */
        public Builder outOfOrder(boolean outOfOrder) {
            this.outOfOrder = outOfOrder;
            return this;
        }

        /**
         * The largest migration file to read, in bytes (default 100 MiB, at most 1 GiB): files are read whole,
         * about six times their size in heap.
         */
        public Builder maxScriptSize(long bytes) {
            if (bytes < 1 || bytes > LARGEST_MAX_SCRIPT_SIZE) {
                throw new ConfigurationException("maxScriptSize must be between 1 byte and 1 GiB, got " + bytes + " bytes");
            }
            this.maxScriptSize = bytes;
            return this;
        }

        public WeaveConfig build() {
            return new WeaveConfig(this);
        }
    }
}
