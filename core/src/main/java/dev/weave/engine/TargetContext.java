package dev.weave.engine;

import dev.weave.api.ProgressListener;
import dev.weave.api.WeaveConfig;
import dev.weave.config.ResolvedTarget;
import dev.weave.discovery.MigrationResolver;
import dev.weave.discovery.Placeholders;
import dev.weave.discovery.ResolvedMigrations;
import dev.weave.error.DatabaseMissingException;
import dev.weave.model.LedgerEntry;
import dev.weave.model.MigrationFile;
import dev.weave.spi.Script;
import dev.weave.spi.StoreConnection;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What every operation on one target shares: the target, its files, its placeholders, how to connect. */
public final class TargetContext {

    private static final String ENV_PREFIX = "WEAVE_PLACEHOLDER_";
    /** Written by {@code weave dev up} into {@code .weave-dev/env}: {@code WEAVE_DEV_POSTGRES=localhost:55432}. */
    static final String DEV_PREFIX = "WEAVE_DEV_";

    private final ResolvedTarget target;
    private final WeaveConfig config;
    private final ProgressListener listener;
    private ResolvedMigrations files;
    private Placeholders placeholders;

    public TargetContext(ResolvedTarget target, WeaveConfig config, ProgressListener listener) {
        this.target = target;
        this.config = config;
        this.listener = listener;
    }

    public ResolvedTarget target() {
        return target;
    }

    public String name() {
        return target.name();
    }

    public WeaveConfig config() {
        return config;
    }

    public ProgressListener listener() {
        return listener;
    }

    /** The target's files, read and checked once; errors here come before any connection is made. */
    public ResolvedMigrations files() {
        if (files == null) {
            files = new MigrationResolver(target.adapter().extensions(), config.maxScriptSize()).resolve(target.folder());
        }
        return files;
    }

    public StoreConnection connect() {
        return target.adapter().connect(waitingSettings());
    }

    /** A connection for an operation that takes the lock next. */
    public StoreConnection connectToLock() {
        return target.adapter().connectToLock(waitingSettings());
    }

    /** The target's settings with the listener told about each attempt while the adapter waits for its server. */
    private dev.weave.spi.TargetSettings waitingSettings() {
        return target.settings().withWaitListener((address, attempt, waited, limit, problem) ->
                listener.waiting(name(), target.storeType(), address, attempt, waited, limit, problem));
    }

    /** The file's script with placeholders substituted; what the store warns about while it runs goes to the listener. */
    public Script script(MigrationFile file) {
        if (placeholders == null) {
            placeholders = placeholders(); // once per target: a long history has thousands of files
        }
        return new Script(file, placeholders.apply(file), warning -> listener.warning(name(), file.script(), warning));
    }

    /**
     * A connection for a migrate, which takes the lock next. On a local store started by {@code weave dev up}
     * (the environment it writes names the server as {@code WEAVE_DEV_<STORE>=host:port}) a database that does not
     * exist yet is created first and the listener is told: a folder added after {@code dev up} created the
     * databases must not end in "does not exist". On any other server a missing database stays an error.
     */
    public StoreConnection connectToMigrate() {
        try {
            return connectToLock();
        } catch (DatabaseMissingException e) {
            String devServer = config.environment().get(DEV_PREFIX + target.storeType().toUpperCase(Locale.ROOT));
            if (devServer == null || !devServer.trim().equals(e.server())) {
                throw e;
            }
            target.adapter().createDatabase(target.settings());
            listener.notice(name(), "created database '" + e.database() + "' on the local " + target.storeType()
                    + " at " + e.server() + " (started by weave dev up)");
            return connectToLock();
        }
    }

    /** Config placeholders, then {@code WEAVE_PLACEHOLDER_<NAME>} from the environment, then built-ins. */
    public Placeholders placeholders() {
        Map<String, String> values = new HashMap<>();
        config.environment().forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX)) {
                values.put(k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT), v);
            }
        });
        Map<String, String> byName = new HashMap<>(values);
        config.placeholders().forEach(byName::put);
        byName.put("weave:target", target.name());
        byName.put("weave:store", target.storeType());
        return new Placeholders(new CaseInsensitiveFallback(byName));
    }

    public String installedBy(StoreConnection connection) {
        return config.installedBy() != null ? config.installedBy() : connection.currentUser();
    }

    static int maxRank(List<LedgerEntry> ledger) {
        int max = 0;
        for (LedgerEntry e : ledger) {
            max = Math.max(max, e.rank());
        }
        return max;
    }

    /** Exact name first; an environment-provided placeholder matches its name in any case. */
    private static final class CaseInsensitiveFallback extends HashMap<String, String> {
        CaseInsensitiveFallback(Map<String, String> values) {
            super(values);
        }

        @Override
        public String get(Object key) {
            String exact = super.get(key);
            if (exact != null || !(key instanceof String name)) {
                return exact;
            }
            return super.get(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_"));
        }
    }
}
