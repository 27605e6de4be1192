package dev.weave.distribution;

import dev.weave.local.LocalPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local stores of {@code weave dev}, and the environment that points Weave at them (the same
 * variables a user would set for real servers).
 */
final class DevStores implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final LocalPostgres postgres;

    private DevStores(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    /** Throw-away stores: a new empty server on a free port, deleted on close. */
    static DevStores temporary() throws IOException {
        return new DevStores(LocalPostgres.startTemporary());
    }

    /** Stores that keep their data in {@code directory} between runs. */
    static DevStores persistent(Path directory, int postgresPort) throws IOException {
        return new DevStores(LocalPostgres.start(directory.resolve("postgres"), postgresPort));
    }

    /** POSTGRES_HOST/PORT/USER/PASSWORD for these stores. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_HOST", postgres.host());
        env.put("POSTGRES_PORT", String.valueOf(postgres.port()));
        env.put("POSTGRES_USER", postgres.user());
        env.put("POSTGRES_PASSWORD", postgres.password());
        return env;
    }

    String password() {
        return postgres.password();
    }

    /**
     * Creates a database for every folder of the default layout that names one, so the targets exist
     * before the first migrate (a real server's databases are created by its owner, not by migrations).
     */
    List<String> createDatabases(Path location) throws IOException {
        List<String> created = new ArrayList<>();
        if (!Files.isDirectory(location)) {
            return created;
        }
        try (Stream<Path> folders = Files.list(location)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                if (DATABASE_NAME.matcher(name).matches() && containsSql(folder)) {
                    if (!databaseExists(name)) {
                        postgres.createDatabase(name);
                    }
                    created.add(name);
                }
            }
        }
        return created;
    }

    private boolean databaseExists(String name) {
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

    String describe() {
        return "PostgreSQL 17 at " + postgres.host() + ":" + postgres.port() + " (user " + postgres.user() + ")";
    }

    @Override
    public void close() {
        postgres.close();
    }
}
