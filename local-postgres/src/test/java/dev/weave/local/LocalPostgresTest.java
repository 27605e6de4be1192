package dev.weave.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalPostgresTest {

    @Test
    void temporaryServerEnforcesPasswordsAndCleansUp() throws Exception {
        Path data;
        try (LocalPostgres postgres = LocalPostgres.startTemporary()) {
            data = postgres.dataDirectory();
            postgres.createDatabase("weave_it");

            assertTrue(query(postgres, "weave_it", postgres.password(), "select version()").contains("PostgreSQL 17"));
            SQLException wrong = assertThrows(SQLException.class,
                    () -> query(postgres, "weave_it", postgres.password() + "x", "select 1"));
            assertEquals("28P01", wrong.getSQLState());

            postgres.dropDatabase("weave_it");
            SQLException gone = assertThrows(SQLException.class,
                    () -> query(postgres, "weave_it", postgres.password(), "select 1"));
            assertEquals("3D000", gone.getSQLState());
            postgres.dropDatabase("weave_it"); // idempotent
            assertThrows(IllegalArgumentException.class, () -> postgres.createDatabase("x; drop database postgres"));
        }
        assertFalse(Files.exists(data), "temporary data directory is deleted on close");
    }

    @Test
    void restartOnTheSameDirectoryKeepsDataAndPassword(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pgdata");
        String firstPassword;
        try (LocalPostgres postgres = LocalPostgres.start(data, 0)) {
            firstPassword = postgres.password();
            update(postgres, "create table kept(id int)", "insert into kept values (42)");
        }

        // The stored password gets the restart in; the given one replaces it; the table survived.
        String chosen = "it's-chosen";
        try (LocalPostgres postgres = LocalPostgres.start(data, 0, chosen)) {
            assertEquals(chosen, postgres.password());
            assertEquals("42", query(postgres, "postgres", chosen, "select id from kept"));
            SQLException old = assertThrows(SQLException.class,
                    () -> query(postgres, "postgres", firstPassword, "select 1"));
            assertEquals("28P01", old.getSQLState());
        }
        assertNotEquals(firstPassword, chosen);
        assertEquals(chosen, Files.readString(data.resolve(SuperuserPassword.FILE_NAME)).strip());
    }

    private static String query(PostgresServer server, String database, String password, String sql)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), server.user(), password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void update(PostgresServer server, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                server.jdbcUrl("postgres"), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
