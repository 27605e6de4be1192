package dev.weave.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * A running PostgreSQL server reachable over TCP with a superuser, wherever it runs (this machine or
 * a container). Tests give each test class its own database on one shared server.
 */
public interface PostgresServer {

    String host();

    int port();

    /** A superuser: it may create and drop databases. */
    String user();

    String password();

    /** JDBC URL of {@code database}, without credentials: pass {@link #user()} and {@link #password()}. */
    String jdbcUrl(String database);

    /** Creates database {@code name}; names are restricted to {@code [a-z_][a-z0-9_]*}. */
    default void createDatabase(String name) {
        executeAsSuperuser("CREATE DATABASE " + checkedIdentifier(name));
    }

    /** Drops database {@code name} if it exists, disconnecting whoever is still connected to it. */
    default void dropDatabase(String name) {
        executeAsSuperuser("DROP DATABASE IF EXISTS " + checkedIdentifier(name) + " WITH (FORCE)");
    }

    private void executeAsSuperuser(String sql) {
        // CREATE/DROP DATABASE cannot run inside a transaction: plain auto-commit statement.
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + host() + ":" + port() + ": " + e.getMessage(), e);
        }
    }

    /** Database names end up in SQL text, so only plain lower-case identifiers pass (no quoting games). */
    private static String checkedIdentifier(String name) {
        if (name == null || !Pattern.matches("[a-z_][a-z0-9_]*", name) || name.length() > 63) {
            throw new IllegalArgumentException("not a simple database name ([a-z_][a-z0-9_]*, at most 63): " + name);
        }
        return name;
    }
}
