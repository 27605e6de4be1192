package dev.weave.maven;

import dev.weave.local.PostgresServer;
import dev.weave.local.SharedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin as a user runs it: the real {@code mvn} of this machine, offline, with the plugin jar this build made
 * (invoker:install put it and its dependencies into target/local-repo), on a copy of
 * src/test/projects/migrate-postgres, against a real PostgreSQL. Then the ledger is read over JDBC.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MavenPluginMigrateIT {

    private static final String DATABASE = "maven_plugin_it";
    private static PostgresServer server;

    @TempDir
    static Path work;

    @BeforeAll
    static void startServer() {
        Path installed = Path.of(property("it.localRepository"), "dev", "weave", "weave-maven-plugin", property("it.pluginVersion"));
        if (!Files.isDirectory(installed)) {
            throw new IllegalStateException(installed + " is missing: invoker:install (pre-integration-test) puts the plugin"
                    + " there; run mvn verify without -Dinvoker.skip");
        }
        server = SharedPostgres.get();
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
    }

    @AfterAll
    static void dropDatabase() {
        if (server != null) {
            server.dropDatabase(DATABASE);
        }
    }

    @Test
    @Order(1)
    void migrateAppliesThePendingMigrationsAndRecordsThem() throws Exception {
        Path project = copyProject("first");
        Run run = mvn(project, "migrate", "-Dweave.target=app");

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("[INFO]   app [1/2] V1 create users ("), run.output());
        assertTrue(run.output().contains("[INFO]   app [2/2] V2 create documents ("), run.output());
        assertTrue(run.output().contains("[INFO] app: 2 applied, 2 total; now at version 2 ("), run.output());
        assertTrue(run.output().contains("BUILD SUCCESS"), run.output());
        assertEquals(List.of("1 true maven-it", "2 true maven-it"), ledger());
        assertEquals(2, count("SELECT count(*) FROM users"));
        assertEquals(2, count("SELECT count(*) FROM documents"));
    }

    @Test
    @Order(2)
    void migrateAgainIsUpToDateAndInfoShowsTheLedger() throws Exception {
        Path project = copyProject("again");
        Run again = mvn(project, "migrate", "-Dweave.target=app");
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.output().contains("[INFO] app: up to date at version 2; 0 applied, 2 skipped (already applied), 2 total"),
                again.output());
        assertEquals(List.of("1 true maven-it", "2 true maven-it"), ledger());

        Run info = mvn(project, "info", "-Dweave.target=app");
        assertEquals(0, info.exit(), info.output());
        assertTrue(info.output().contains("current version: 2"), info.output());
        assertTrue(info.output().lines().anyMatch(l -> l.matches("\\[INFO] 1 +create users +versioned +APPLIED .*maven-it.*")),
                info.output());
        assertTrue(info.output().lines().anyMatch(l -> l.matches("\\[INFO] 2 +create documents +versioned +APPLIED .*maven-it.*")),
                info.output());
    }

    @Test
    @Order(3)
    void aFailingMigrationFailsTheBuildWithWeavesMessageAndIsNotRecorded() throws Exception {
        Path project = copyProject("broken");
        Files.writeString(project.resolve(".weave/migrations/app/V3__add_broken_column.sql"),
                "-- refers to a table that does not exist\nALTER TABLE no_such_table ADD COLUMN x int;\n");

        Run validate = mvn(project, "validate", "-Dweave.target=app");
        assertEquals(1, validate.exit(), validate.output());
        assertTrue(validate.output().contains("[ERROR] app: 1 problem (2 applied, 1 pending)"), validate.output());
        assertTrue(goalFailure(validate).contains("app: 1 problem: PENDING "), validate.output());
        assertTrue(goalFailure(validate).endsWith("(weave exit code 3)"), validate.output());
        assertTrue(validate.output().contains("MojoFailureException"), validate.output());

        Run run = mvn(project, "migrate", "-Dweave.target=app");
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("BUILD FAILURE"), run.output());
        String failure = goalFailure(run);
        assertTrue(failure.contains("V3__add_broken_column.sql:2: V3 add broken column failed at statement 1"), failure);
        assertTrue(failure.contains("relation \"no_such_table\" does not exist"), failure);
        assertTrue(failure.contains("nothing of it was applied (rolled back) and nothing was recorded"), failure);
        assertTrue(failure.endsWith("(weave exit code 1)"), failure);
        assertTrue(run.output().contains("MojoFailureException"), run.output());
        assertFalse(run.output().contains("\tat dev.weave."), "no stack trace for a failed migration:\n" + run.output());
        // PostgreSQL: the file and its ledger row in one transaction, rolled back together
        assertEquals(List.of("1 true maven-it", "2 true maven-it"), ledger());
    }

    @Test
    @Order(4)
    void thePasswordNeverReachesTheLog() throws Exception {
        // a wrong password (exit 4): the server's refusal is logged, the password given is not
        Path project = copyProject("password");
        String wrong = "Wr0ngPassw0rd-" + System.nanoTime();
        Run run = mvn(project, Map.of("POSTGRES_PASSWORD", wrong), "migrate", "-Dweave.target=app",
                "-Dweave.set=user=weave_it_nobody");
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(goalFailure(run).endsWith("(weave exit code 4)"), run.output());
        assertTrue(run.output().contains("MojoExecutionException"), run.output());
        assertFalse(run.output().contains(wrong), run.output());
    }

    /**
     * Maven's "Failed to execute goal …: <message>" without its " -> [Help 1]"; the message may span lines (the
     * target, what was applied), then Maven puts "-> [Help 1]" on a line of its own.
     */
    private static String goalFailure(Run run) {
        String out = run.output();
        int start = out.indexOf("[ERROR] Failed to execute goal dev.weave:weave-maven-plugin");
        int end = out.indexOf("-> [Help 1]", Math.max(start, 0));
        if (start < 0 || end < 0) {
            throw new AssertionError("no goal failure in:\n" + out);
        }
        String text = out.substring(start, end).stripTrailing();
        return text.endsWith("[ERROR]") ? text.substring(0, text.length() - "[ERROR]".length()).stripTrailing() : text;
    }

    // --- the real mvn -----------------------------------------------------------------------------------------

    private record Run(int exit, String output) {
    }

    private static Run mvn(Path project, String goal, String... args) throws IOException, InterruptedException {
        return mvn(project, Map.of("POSTGRES_PASSWORD", server.password()), goal, args);
    }

    private static Run mvn(Path project, Map<String, String> env, String goal, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(property("maven.home"), "bin", "mvn").toString(),
                "-B", "-o", "-s", settings().toString(), "-Dmaven.repo.local=" + property("it.localRepository"),
                "dev.weave:weave-maven-plugin:" + property("it.pluginVersion") + ":" + goal,
                "-Dweave.set=host=" + server.host() + ",port=" + server.port() + ",user=" + server.user()
                        + ",database=" + DATABASE));
        command.addAll(List.of(args)); // a later -Dweave.set replaces the one above
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("POSTGRES_") || k.equals("DATABASE_URL") || k.startsWith("WEAVE_")
                || k.equals("MAVEN_OPTS") || k.equals("MAVEN_ARGS"));
        environment.putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8); // until mvn closes it: its end
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("mvn did not end:\n" + output);
        }
        return new Run(process.exitValue(), output);
    }

    /** src/it/settings.xml with its mirror on the real local repository, as invoker makes it for the ITs. */
    private static Path settings() throws IOException {
        Path file = work.resolve("settings.xml");
        if (!Files.exists(file)) {
            String text = Files.readString(moduleDir().resolve("src/it/settings.xml"));
            Files.writeString(file, text.replace("@localRepositoryUrl@", Path.of(property("it.userRepository")).toUri().toString()));
        }
        return file;
    }

    private static Path copyProject(String name) throws IOException {
        Path from = moduleDir().resolve("src/test/projects/migrate-postgres");
        Path to = work.resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(f).replace("@project.version@", property("it.pluginVersion")));
                }
            }
        }
        return to;
    }

    private static Path moduleDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run this test through failsafe (mvn verify)");
        }
        return value;
    }

    // --- the ledger ---------------------------------------------------------------------------------------------

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(DATABASE), server.user(), server.password());
    }

    private static List<String> ledger() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version, success, installed_by FROM public.weave_schema_history ORDER BY installed_rank")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getBoolean(2) + " " + r.getString(3));
            }
        }
        return rows;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
