package dev.weave.distribution;

import dev.weave.cli.CliContext;
import dev.weave.cli.WeaveCli;
import dev.weave.local.PostgresServer;
import dev.weave.local.SharedPostgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs the real {@code weave} command line in-process, in a project folder of its own, against the real
 * PostgreSQL of this test JVM, and captures what it prints. Every run is checked for the password.
 */
final class CliHarness {

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    final PostgresServer server = SharedPostgres.get();
    final Path project;
    final Map<String, String> env = new HashMap<>();

    CliHarness(Path project) {
        this.project = project;
        var neo4j = dev.weave.local.neo4j.SharedNeo4j.get();
        env.put("NEO4J_URI", neo4j.boltUri());
        env.put("NEO4J_USER", neo4j.user());
        env.put("NEO4J_PASSWORD", neo4j.password());
        var es = dev.weave.local.elasticsearch.SharedElasticsearch.get();
        env.put("ELASTICSEARCH_HOST", es.host());
        env.put("ELASTICSEARCH_PORT", String.valueOf(es.port()));
        env.put("POSTGRES_HOST", server.host());
        env.put("POSTGRES_PORT", String.valueOf(server.port()));
        env.put("POSTGRES_USER", server.user());
        env.put("POSTGRES_PASSWORD", server.password());
    }

    /** A fresh database and its migrations folder {@code .weave/migrations/<name>/}. */
    Path database(String name) {
        server.dropDatabase(name);
        server.createDatabase(name);
        Path folder = project.resolve(".weave/migrations").resolve(name);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    Run weave(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, project, false);
        int exit = WeaveCli.run(ctx, args);
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(run.all().contains(server.password()), "the password leaked into the output:\n" + run.all());
        assertFalse(run.all().contains(env.get("NEO4J_PASSWORD")), "the Neo4j password leaked into the output:\n" + run.all());
        assertFalse(run.all().contains("\tat dev.weave"), "a stack trace reached the user:\n" + run.all());
        return run;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long count(String database, String sql) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
