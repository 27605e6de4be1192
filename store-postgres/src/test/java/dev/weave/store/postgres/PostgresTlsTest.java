package dev.weave.store.postgres;

import dev.weave.cli.CliContext;
import dev.weave.cli.WeaveCli;
import dev.weave.local.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * PostgreSQL over TLS as a user meets it: the {@code weave} command line (in this JVM) against the server of
 * {@link SecuredPostgres}, which takes TLS connections only. Each case checks the exit code, the message (which
 * store, host, what is wrong, what to do), that no stack trace and no password is printed, and what the
 * database holds afterwards.
 */
class PostgresTlsTest {

    private static final AtomicInteger TARGETS = new AtomicInteger();

    @TempDir
    Path project;

    private final SecuredPostgres secured = SecuredPostgres.get();
    private String database;

    @BeforeEach
    void freshDatabase(TestInfo info) throws IOException {
        database = "tls" + TARGETS.incrementAndGet() + "_" + info.getTestMethod().orElseThrow().getName()
                .replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        database = database.substring(0, Math.min(40, database.length()));
        secured.server.dropDatabase(database);
        secured.server.createDatabase(database);
        Path folder = Files.createDirectories(project.resolve(".weave/migrations").resolve(database));
        // the migration writes down how its own session is connected: what pg_stat_ssl says about it
        Files.writeString(folder.resolve("V1__record_the_session.sql"), "CREATE TABLE session_seen AS"
                + " SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid();\n");
    }

    @Test
    void migratesOverTlsWithVerifyFullAndThePlainWayInIsShut() throws SQLException {
        Run run = weave(secured.server, "db", "migrate", database,
                "--set", "sslmode=verify-full", "--set", "sslrootcert=" + secured.caCertificate);

        assertEquals(0, run.exit, run.toString());
        try (Connection c = DriverManager.getConnection(secured.server.jdbcUrl(database), secured.server.user(),
                secured.server.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ssl, version FROM session_seen")) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1), "the migration's session was encrypted");
            assertTrue(rs.getString(2).startsWith("TLSv1."), rs.getString(2));
        }
        // the server itself refuses what is not TLS: so every test against it ran over TLS
        SQLException plain = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + secured.server.port() + "/" + database + "?sslmode=disable",
                secured.server.user(), secured.server.password()));
        assertEquals("28000", plain.getSQLState(), plain.getMessage());
    }

    @Test
    void aPlainConnectionToTheTlsOnlyServerSaysTlsIsNeeded() {
        Run run = weave(secured.server, "db", "migrate", database, "--set", "sslmode=disable");

        assertEquals(4, run.exit, run.toString());
        run.assertSays("PostgreSQL at postgresql://localhost:" + secured.server.port() + "/" + database,
                "no pg_hba.conf line for this connection without TLS", "set sslmode: verify-full");
        run.assertClean(secured.server);
        assertNothingRecorded();
    }

    @Test
    void aCaThatDidNotSignTheServersCertificateIsRefusedWithWhatToDo() {
        Run run = weave(secured.server, "db", "migrate", database,
                "--set", "sslmode=verify-full", "--set", "sslrootcert=" + secured.otherCaCertificate);

        assertEquals(4, run.exit, run.toString());
        run.assertSays("cannot connect securely to PostgreSQL at postgresql://localhost:" + secured.server.port(),
                "target " + database,
                "the server's certificate is not trusted by the CA in sslrootcert " + secured.otherCaCertificate,
                "set sslrootcert to the PEM file of the CA that signed the server's certificate");
        run.assertClean(secured.server);
        assertNothingRecorded();
    }

    @Test
    void aMissingSslrootcertIsAConfigurationErrorBeforeConnecting() {
        Path missing = project.resolve("no-such-ca.pem");
        // nothing listens on that port: a connection attempt would be exit 4, so exit 2 shows none was made
        Run run = weave(secured.server, "db", "migrate", database, "--port", String.valueOf(PostgresFixture.freePort()),
                "--set", "sslmode=verify-full", "--set", "sslrootcert=" + missing);

        assertEquals(2, run.exit, run.toString());
        run.assertSays("target " + database + ": sslrootcert " + missing + " does not exist",
                "set sslrootcert to the PEM file of the CA");
        run.assertClean(secured.server);
        assertNothingRecorded();
    }

    @Test
    void anSslrootcertThatIsNoCertificateIsAConfigurationErrorBeforeConnecting() throws IOException {
        Path text = Files.writeString(project.resolve("ca.pem"), "not a certificate, just text\n");
        List<Path> wrongFiles = List.of(text, project.resolve("ca.pem.empty"), secured.server.tls().orElseThrow().privateKey());
        Files.writeString(wrongFiles.get(1), "");
        for (Path wrong : wrongFiles) {
            Run run = weave(secured.server, "db", "migrate", database, "--port", String.valueOf(PostgresFixture.freePort()),
                    "--set", "sslmode=verify-full", "--set", "sslrootcert=" + wrong);

            assertEquals(2, run.exit, run.toString());
            run.assertSays("target " + database + ": sslrootcert " + wrong, "PEM");
            run.assertClean(secured.server);
        }
        assertNothingRecorded();
    }

    @Test
    void anSslrootcertTheDriverWouldIgnoreIsRefused() {
        Run run = weave(secured.server, "db", "migrate", database,
                "--set", "sslmode=require", "--set", "sslrootcert=" + secured.otherCaCertificate);

        assertEquals(2, run.exit, run.toString());
        run.assertSays("sslrootcert is read only with sslmode verify-ca or verify-full (sslmode is 'require')",
                "set sslmode: verify-full");
        assertNothingRecorded();
    }

    @Test
    void verifyFullWithoutSslrootcertNamesTheDriversDefaultFile() {
        Path fallback = Path.of(System.getProperty("user.home"), ".postgresql", "root.crt");
        assumeFalse(Files.exists(fallback), fallback + " exists on this machine");
        Run run = weave(secured.server, "db", "migrate", database, "--set", "sslmode=verify-full");

        assertEquals(2, run.exit, run.toString());
        run.assertSays("sslrootcert is not set and the driver's default " + fallback + " does not exist");
        assertNothingRecorded();
    }

    @Test
    void aHostTheCertificateDoesNotNameFailsVerifyFullAndPassesVerifyCa() {
        // the certificate names localhost only; 127.0.0.1 reaches the same server
        List<LogRecord> driverLog = new ArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.postgresql")) {
                    driverLog.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(recorder);
        Run full;
        try {
            full = weave(secured.server, "db", "migrate", database, "--host", "127.0.0.1",
                    "--set", "sslmode=verify-full", "--set", "sslrootcert=" + secured.caCertificate);
        } finally {
            Logger.getLogger("").removeHandler(recorder);
        }

        assertEquals(4, full.exit, full.toString());
        full.assertSays("cannot connect securely to PostgreSQL at postgresql://127.0.0.1:" + secured.server.port(),
                "the server's certificate does not name 127.0.0.1, the host it was reached by", "sslmode verify-ca");
        full.assertClean(secured.server);
        // the driver's own SEVERE log line would reach stderr above the error, saying the same in its words
        assertEquals(List.of(), driverLog.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogRecord::getMessage).toList());
        assertNothingRecorded();

        Run ca = weave(secured.server, "db", "migrate", database, "--host", "127.0.0.1",
                "--set", "sslmode=verify-ca", "--set", "sslrootcert=" + secured.caCertificate);
        assertEquals(0, ca.exit, ca.toString());
    }

    @Test
    void verifyFullAgainstAServerWithoutTlsSaysSo() {
        PostgresServer plain = PostgresFixture.INSTANCE.server;
        Run run = weave(plain, "db", "migrate", database,
                "--set", "sslmode=verify-full", "--set", "sslrootcert=" + secured.caCertificate);

        assertEquals(4, run.exit, run.toString());
        run.assertSays("cannot connect securely to PostgreSQL at postgresql://" + plain.host() + ":" + plain.port(),
                "the server does not accept TLS connections", "sslmode verify-full requires TLS");
        run.assertClean(plain);
    }

    private void assertNothingRecorded() {
        try (Connection c = DriverManager.getConnection(secured.server.jdbcUrl(database), secured.server.user(),
                secured.server.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('weave_schema_history') IS NULL"
                     + " AND to_regclass('session_seen') IS NULL")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "no ledger and no migration in " + database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code weave …} in this JVM, with the server's host, port, user and password in the environment. */
    private Run weave(PostgresServer server, String... args) {
        Map<String, String> env = Map.of("POSTGRES_HOST", server.host(), "POSTGRES_PORT", String.valueOf(server.port()),
                "POSTGRES_USER", server.user(), "POSTGRES_PASSWORD", server.password());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        int exit = WeaveCli.run(new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, project, false), all.toArray(String[]::new));
        Run run = new Run(all, exit, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        System.out.println(run); // kept in target/surefire-reports for a reader of the messages
        return run;
    }

    private record Run(List<String> args, int exit, String output) {

        void assertSays(String... parts) {
            for (String part : parts) {
                assertTrue(output.contains(part), "expected '" + part + "' in:\n" + this);
            }
        }

        /** No stack trace, no password, whatever went wrong. */
        void assertClean(PostgresServer server) {
            assertFalse(output.contains("\tat ") || output.contains("Exception"), "a stack trace:\n" + this);
            assertFalse(output.contains(server.password()), "the password:\n" + this);
        }

        @Override
        public String toString() {
            return "weave " + String.join(" ", args) + " -> exit " + exit + "\n" + output;
        }
    }
}
