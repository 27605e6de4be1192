package dev.weave.store.postgres;

import dev.weave.error.ConfigurationException;
import dev.weave.error.DatabaseMissingException;
import dev.weave.error.StoreUnreachableException;
import dev.weave.spi.TargetSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where and how to connect for one target. The password travels in the driver properties, never in the
 * URL, so no message that names the URL can carry it.
 */
final class PostgresEndpoint {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final String target;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String schema;
    private final String table;
    private final boolean schemaGiven;
    private final PostgresTls tls;
    private final Duration wait;
    private final dev.weave.spi.ConnectWaitListener waitListener;
    /** Parameters of the url setting other than user, password and TLS, passed to the driver as given. */
    private final Map<String, String> urlProperties;
    /** The application's own pool (a Spring Boot starter hands it over), or null: connections from the settings. */
    private final javax.sql.DataSource dataSource;

    private PostgresEndpoint(TargetSettings given) {
        PostgresUrl.Resolved resolved = PostgresUrl.resolve(given);
        TargetSettings s = resolved.settings();
        this.urlProperties = resolved.driverProperties();
        this.target = s.targetName();
        this.host = s.get("host", "localhost");
        this.port = s.getInt("port", 5432);
        this.database = s.get("database", s.targetName());
        this.user = s.get("user", "postgres");
        this.password = s.get("password").orElse(null);
        this.schemaGiven = s.get("schema").isPresent();
        this.schema = identifier(s, "schema", "public");
        this.table = identifier(s, "table", "weave_schema_history");
        this.wait = s.connectWait();
        this.waitListener = s.waitListener();
        this.dataSource = given.client(javax.sql.DataSource.class).orElse(null);
        if (port <= 0 || port > 65535) {
            throw new ConfigurationException("target " + target + ": port " + port + " is not a TCP port (1-65535)");
        }
        this.tls = PostgresTls.of(s); // a wrong sslmode or CA file is a configuration error before any connection
    }

    static PostgresEndpoint of(TargetSettings settings) {
        return new PostgresEndpoint(settings);
    }

    private static String identifier(TargetSettings s, String key, String fallback) {
        String value = s.get(key, fallback);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new ConfigurationException("target " + s.targetName() + ": " + key + " '" + value
                    + "' must be a plain identifier (letters, digits, _)");
        }
        return value;
    }

    String url() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    /** {@code postgresql://host:port/database}: for messages, without user or password. */
    String address() {
        return dataSource != null ? "the application's DataSource" : "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Whether connections are borrowed from the application's pool: they go back to it as they were lent. */
    boolean borrowed() {
        return dataSource != null;
    }

    String database() {
        return database;
    }

    String schema() {
        return schema;
    }

    boolean schemaGiven() {
        return schemaGiven;
    }

    String table() {
        return table;
    }

    String qualifiedTable() {
        return "\"" + schema + "\".\"" + table + "\"";
    }

    String target() {
        return target;
    }

    /**
     * Opens a connection, retrying while the server is down or starting up for up to the target's wait.
     * Wrong credentials and a missing database fail at once: waiting will not fix them.
     */
    Connection open() {
        if (dataSource != null) {
            return borrow();
        }
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        int attempt = 0;
        while (true) {
            try {
                Connection connection = DriverManager.getConnection(url(), properties());
                if (schemaGiven) {
                    try (var st = connection.createStatement()) {
                        st.execute("SET search_path TO \"" + schema + "\"");
                    }
                }
                return connection;
            } catch (SQLException e) {
                tls.explain(e, address(), host, user, database).ifPresent(failure -> {
                    throw failure;
                });
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.equals("28P01") || state.equals("28000")) {
                    throw new StoreUnreachableException("cannot log in to " + address() + " as user '" + user
                            + "': the server refused the credentials (" + reason(e) + "); check the user and password"
                            + " (POSTGRES_USER / POSTGRES_PASSWORD, weave.yaml or --user / --password)");
                }
                if (state.equals("3D000")) {
                    throw new DatabaseMissingException("database '" + database + "' does not exist on " + host + ":" + port
                            + "; create it (CREATE DATABASE " + database + ") or set the target's database setting",
                            database, host + ":" + port);
                }
                boolean retryable = state.startsWith("08") || state.equals("57P03") || state.isEmpty();
                if (!retryable || System.nanoTime() >= deadline) {
                    throw new StoreUnreachableException("cannot reach PostgreSQL at " + address() + ": " + reason(e)
                            + (wait.isZero() ? "; is it running? (--wait 60s waits for a server that is starting)"
                            : " (waited " + wait.toSeconds() + " s)"));
                }
                waitListener.stillWaiting(address(), ++attempt, Duration.ofNanos(System.nanoTime() - start), wait, reason(e));
                pause();
            }
        }
    }

    /** A pool has its own waiting and retrying: one attempt, its error in Weave's words. */
    private Connection borrow() {
        try {
            Connection connection = dataSource.getConnection();
            if (schemaGiven) {
                try (var st = connection.createStatement()) {
                    st.execute("SET search_path TO \"" + schema + "\"");
                }
            }
            return connection;
        } catch (SQLException e) {
            throw new StoreUnreachableException("target " + target + ": the application's DataSource gave no connection: "
                    + reason(e));
        }
    }

    /**
     * Gives a borrowed connection back the way the application lent it: nothing open, auto-commit on, the
     * search path Weave set removed. A connection of Weave's own is simply closed.
     */
    void release(Connection connection) {
        try {
            if (dataSource != null && !connection.isClosed()) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                if (schemaGiven) {
                    try (var st = connection.createStatement()) {
                        st.execute("RESET search_path");
                    }
                }
            }
        } catch (SQLException ignored) {
            // closing below still returns or ends it
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session is gone either way
            }
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        urlProperties.forEach(p::setProperty);
        tls.addTo(p);
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "weave");
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    private static String reason(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // the driver's sentences end in '.', ours continue after the reason
        return message.replaceAll("\\s+", " ").trim().replaceAll("[.]+$", "");
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnreachableException("interrupted while waiting for PostgreSQL");
        }
    }
}
