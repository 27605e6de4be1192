package dev.weave.distribution;

import dev.weave.local.LocalPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A local PostgreSQL 17 for {@code weave dev}, with a database for every folder of the default layout. */
final class DevPostgres implements DevStore {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final LocalPostgres postgres;

    DevPostgres(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    @Override
    public String describe() {
        return "PostgreSQL 17 at " + postgres.host() + ":" + postgres.port() + " (user " + postgres.user() + ")";
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_HOST", postgres.host());
        env.put("POSTGRES_PORT", String.valueOf(postgres.port()));
        env.put("POSTGRES_USER", postgres.user());
        env.put("POSTGRES_PASSWORD", postgres.password());
        // tells migrate that this server is a throw-away local one: a database missing on it is created, not an
        // error (a folder added after dev up started); it must match POSTGRES_HOST:POSTGRES_PORT exactly
        env.put("WEAVE_DEV_POSTGRES", postgres.host() + ":" + postgres.port());
        return env;
    }

    /**
     * A real server's databases are created by its owner, not by migrations: create one for every
     * folder that holds .sql files, so the targets exist before the first migrate.
     */
    @Override
    public void prepare(Path location) throws IOException {
        if (!Files.isDirectory(location)) {
            return;
        }
        try (Stream<Path> folders = Files.list(location)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                if (DATABASE_NAME.matcher(name).matches() && containsSql(folder) && !exists(name)) {
                    postgres.createDatabase(name);
                }
            }
        }
    }

    private boolean exists(String name) {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), postgres.password());
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the databases of the local PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static boolean containsSql(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.anyMatch(f -> f.toString().endsWith(".sql"));
        }
    }

    @Override
    public void close() {
        postgres.close();
    }
}
