package dev.weave.store.postgres;

import dev.weave.api.MigrationSourceException;
import dev.weave.spi.Layout;
import dev.weave.spi.Script;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL: {@code .sql} files, one folder per database in the default layout, the ledger in a table
 * ({@code weave_schema_history}), a session advisory lock on its own connection.
 *
 * <p>Settings: {@code host} (localhost), {@code port} (5432), {@code database} (the target name),
 * {@code user} (postgres), {@code password}, {@code schema} (public), {@code table}
 * (weave_schema_history), {@code sslmode}, {@code sslrootcert}. Environment: {@code POSTGRES_HOST},
 * {@code POSTGRES_PORT}, {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD}, {@code POSTGRES_SSLMODE}.
 */
public final class PostgresStore implements StoreAdapter {

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "POSTGRES_HOST", "host",
            "POSTGRES_PORT", "port",
            "POSTGRES_USER", "user",
            "POSTGRES_PASSWORD", "password",
            "POSTGRES_SSLMODE", "sslmode");

    @Override
    public String storeType() {
        return "postgres";
    }

    @Override
    public Set<String> extensions() {
        return Set.of(".sql");
    }

    @Override
    public Layout layout() {
        return new Layout.FolderPerTarget();
    }

    @Override
    public Map<String, String> environmentSettings(Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        ENVIRONMENT.forEach((variable, key) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                settings.put(key, value);
            }
        });
        return settings;
    }

    @Override
    public Set<String> secretSettings() {
        return Set.of("password");
    }

    @Override
    public StoreConnection connect(TargetSettings target) {
        PostgresEndpoint endpoint = PostgresEndpoint.of(target);
        return new PostgresConnection(endpoint, endpoint.open());
    }

    @Override
    public void checkScript(Script script) {
        SqlScript.parse(script);
    }

    /** Wraps a splitter error into the file-and-line message users get for bad input. */
    static MigrationSourceException sourceError(Script script, int line, String message) {
        return new MigrationSourceException(script.file().path(), line, message);
    }
}
