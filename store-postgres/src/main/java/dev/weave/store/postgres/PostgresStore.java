package dev.weave.store.postgres;

import dev.weave.error.MigrationSourceException;
import dev.weave.spi.EnvironmentSettings;
import dev.weave.spi.Layout;
import dev.weave.spi.OpenInBackground;
import dev.weave.spi.Script;
import dev.weave.spi.SettingSpec;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL: {@code .sql} files, one folder per database in the default layout, the ledger in a table
 * ({@code weave_schema_history}), a session advisory lock on its own connection.
 *
 * <p>Settings and their environment variables: {@link PostgresSettings}.
 */
public final class PostgresStore implements StoreAdapter {

    private static final Map<String, String> ENVIRONMENT = SettingSpec.environmentMapping(PostgresSettings.ALL);

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
        return EnvironmentSettings.read(environment, ENVIRONMENT);
    }

    /**
     * DATABASE_URL and POSTGRES_DB each name one database: with several PostgreSQL targets, DATABASE_URL gives
     * only the server (each target keeps its own database) and POSTGRES_DB is not used. DATABASE_URL's database
     * wins over POSTGRES_DB.
     */
    @Override
    public Map<String, String> environmentSettings(Map<String, String> environment, int storeTargets) {
        Map<String, String> settings = new LinkedHashMap<>(environmentSettings(environment));
        if (settings.containsKey("url")) {
            settings.remove("database");
            if (storeTargets > 1) {
                settings.put("url", PostgresUrl.withoutDatabase(settings.get("url")));
            }
        } else if (storeTargets > 1) {
            settings.remove("database");
        }
        return settings;
    }

    @Override
    public List<String> clientTypes() {
        return List.of("javax.sql.DataSource");
    }

    @Override
    public List<SettingSpec> settings() {
        return PostgresSettings.ALL;
    }

    @Override
    public StoreConnection connect(TargetSettings target) {
        PostgresEndpoint endpoint = PostgresEndpoint.of(target);
        return new PostgresConnection(endpoint, endpoint.open(), null);
    }

    /** The lock's own connection opens on a helper thread while the working connection opens here. */
    @Override
    public StoreConnection connectToLock(TargetSettings target) {
        PostgresEndpoint endpoint = PostgresEndpoint.of(target);
        // two logins one after the other were the largest fixed cost of a short migrate
        OpenInBackground<Connection> lockConnection = OpenInBackground.start("weave-pg-lock-connection", endpoint::open);
        try {
            return new PostgresConnection(endpoint, endpoint.open(), lockConnection);
        } catch (RuntimeException | Error e) {
            lockConnection.discard();
            throw e;
        }
    }

    @Override
    public String foreignChecksum(String tool, java.nio.file.Path file) {
        return tool.equals(ForeignHistories.FLYWAY) ? String.valueOf(FlywayChecksum.flyway(file)) : null;
    }

    /** Flyway's, golang-migrate's and Alembic's tables, for {@code weave db adopt}. */
    @Override
    public Map<String, String> historySources() {
        return ForeignHistories.SOURCES;
    }

    @Override
    public List<dev.weave.spi.lint.LintRule> lintRules() {
        return PostgresLinter.RULES;
    }

    @Override
    public dev.weave.spi.lint.StoreLinter linter() {
        return new PostgresLinter();
    }

    @Override
    public String databaseSetting() {
        return "database";
    }

    /** Databases matching {@code tenant_*}, read from pg_database through the target's connection. */
    @Override
    public List<String> listDatabases(TargetSettings settings, String pattern) {
        // the group itself names no database: list through the maintenance database unless one is given
        Map<String, String> listing = new LinkedHashMap<>(settings.settings());
        listing.putIfAbsent("database", "postgres");
        PostgresEndpoint endpoint = PostgresEndpoint.of(settings.withOwnConnection(listing));
        String like = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%');
        try (Connection c = endpoint.open();
             PreparedStatement ps = c.prepareStatement("SELECT datname FROM pg_catalog.pg_database"
                     + " WHERE datname LIKE ? AND NOT datistemplate AND datallowconn ORDER BY datname")) {
            ps.setString(1, like);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            throw SqlErrors.storeError(endpoint, e);
        }
    }

    /** CREATE DATABASE through the maintenance database; one that another runner created meanwhile is fine. */
    @Override
    public void createDatabase(TargetSettings settings) {
        onMaintenance(settings, "CREATE DATABASE %s", "42P04"); // duplicate_database
    }

    /** DROP DATABASE … WITH (FORCE) through the maintenance database: a scratch database of weave db diff. */
    @Override
    public void dropDatabase(TargetSettings settings) {
        onMaintenance(settings, "DROP DATABASE IF EXISTS %s WITH (FORCE)", null);
    }

    /** Runs {@code statement} with the settings' database quoted into it, on the server's maintenance database. */
    private static void onMaintenance(TargetSettings settings, String statement, String fineState) {
        String database = PostgresEndpoint.of(settings).database();
        PostgresEndpoint maintenance = PostgresEndpoint.of(maintenance(settings));
        try (Connection c = maintenance.open(); var st = c.createStatement()) {
            st.execute(statement.formatted("\"" + database.replace("\"", "\"\"") + "\""));
        } catch (SQLException e) {
            if (fineState == null || !fineState.equals(e.getSQLState())) {
                throw SqlErrors.storeError(maintenance, e);
            }
        }
    }

    @Override
    public dev.weave.spi.schema.StoreSchema schema() {
        return new PostgresSchema();
    }

    private static TargetSettings maintenance(TargetSettings settings) {
        Map<String, String> s = new LinkedHashMap<>(settings.settings());
        s.put("database", "postgres");
        return settings.withOwnConnection(s);
    }

    @Override
    public int checkScript(Script script) {
        return SqlScript.parse(script).statements().size();
    }

    @Override
    public String newScriptTemplate(String fileName) {
        return """
                -- %s: write this migration's SQL below, statements ended by ';'.
                -- Weave runs the whole file in one transaction together with its ledger row: if a statement fails,
                -- nothing of the file is kept. For statements that cannot run in a transaction (CREATE INDEX
                -- CONCURRENTLY, ALTER TYPE ... ADD VALUE before PostgreSQL 12) make the first line of the file
                -- the comment "weave:no-transaction" (after two dashes).
                -- As long as this file holds only comments, weave db migrate refuses it rather than recording it empty.

                """.formatted(fileName);
    }

    /** Wraps a splitter error into the file-and-line message users get for bad input. */
    static MigrationSourceException sourceError(Script script, int line, String message) {
        return new MigrationSourceException(script.file().path(), line, message);
    }
}
