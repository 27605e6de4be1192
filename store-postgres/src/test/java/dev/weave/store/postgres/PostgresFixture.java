package dev.weave.store.postgres;

import dev.weave.conformance.StoreFixture;
import dev.weave.local.PostgresServer;
import dev.weave.local.SharedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Fresh databases on the one real PostgreSQL server of this test JVM (or on the one that takes TLS only). */
final class PostgresFixture implements StoreFixture {

    static final PostgresFixture INSTANCE = new PostgresFixture(SharedPostgres.get(), Map.of());

    final PostgresServer server;
    /** Added to every target's settings: sslmode and sslrootcert for the TLS server, none for the plain one. */
    private final Map<String, String> tls;

    private PostgresFixture(PostgresServer server, Map<String, String> tls) {
        this.server = server;
        this.tls = tls;
    }

    /** Targets on {@link SecuredPostgres}, connecting with sslmode verify-full and the test CA as sslrootcert. */
    static PostgresFixture secured() {
        SecuredPostgres secured = SecuredPostgres.get();
        return new PostgresFixture(secured.server, Map.of("sslmode", "verify-full",
                "sslrootcert", secured.caCertificate.toString()));
    }

    @Override
    public String storeType() {
        return "postgres";
    }

    @Override
    public String extension() {
        return ".sql";
    }

    @Override
    public Map<String, String> freshTarget(String name) {
        server.dropDatabase(name);
        server.createDatabase(name);
        return settings(name);
    }

    Map<String, String> settings(String database) {
        return withTls(Map.of("host", server.host(), "port", String.valueOf(server.port()), "user", server.user(),
                "password", server.password(), "database", database));
    }

    private Map<String, String> withTls(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(tls);
        return Map.copyOf(all);
    }

    @Override
    public String createObject(String name) {
        return "CREATE TABLE " + name + " (id INT PRIMARY KEY);\n";
    }

    @Override
    public String dropObject(String name) {
        return "DROP TABLE " + name + ";\n";
    }

    @Override
    public String failingScript(String createdFirst) {
        return "CREATE TABLE " + createdFirst + " (id INT);\n\nINSERT INTO no_such_table VALUES (1);\n";
    }

    @Override
    public boolean objectExists(Map<String, String> target, String name) {
        try (Connection c = connect(target.get("database"));
             PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public Map<String, String> unreachableTarget(String name) {
        return withTls(Map.of("host", "127.0.0.1", "port", String.valueOf(freePort()), "user", "postgres",
                "password", "irrelevant", "database", name));
    }

    @Override
    public Optional<Map<String, String>> wrongCredentialsTarget(String name) {
        return Optional.of(withTls(Map.of("host", server.host(), "port", String.valueOf(server.port()),
                "user", server.user(), "password", "wrong-password-7f3a", "database", name)));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
