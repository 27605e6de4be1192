package dev.weave.store.neo4j;

import dev.weave.cli.CliContext;
import dev.weave.cli.WeaveCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Neo4j over TLS as a user meets it, through the command line, against the server that takes Bolt over TLS
 * only: the test CA in {@code NEO4J_CA_CERTIFICATE} works with {@code bolt+s://} and {@code neo4j+s://}, and
 * {@code bolt+ssc://} still takes any certificate; a
 * certificate from another CA, no CA at all, and plain {@code bolt://} are exit 4 with what to change; a
 * {@code caCertificate} that is missing, not a certificate or beside a scheme that does not check one is
 * exit 2, before any connection. Never a stack trace, never the password.
 */
class Neo4jTlsTest {

    private static SecuredNeo4j secured;

    @TempDir
    Path dir;

    @BeforeAll
    static void server() {
        secured = SecuredNeo4j.get();
    }

    @BeforeEach
    void migrations() throws IOException {
        secured.server.reset();
        Path cypher = dir.resolve(".weave/migrations/neo4j/cypher");
        Files.createDirectories(cypher);
        Files.writeString(cypher.resolve("V1__create_a.cypher"), "CREATE (:A {name: 'a'});\n");
    }

    @Test
    void boltSWithTheTestCaMigrates() {
        Cli run = cli(env(secured.uri(), secured.caCertificate), "db", "migrate", "neo4j");

        assertEquals(0, run.exit, run.all());
        assertEquals(1L, countA());
    }

    @Test
    void neo4jSWithTheTestCaMigrates() {
        Cli run = cli(env("neo4j+s://localhost:" + secured.port(), secured.caCertificate), "db", "migrate", "neo4j");

        assertEquals(0, run.exit, run.all());
        assertEquals(1L, countA());
    }

    /** As it always did: encrypted, any certificate accepted unchecked, no caCertificate. */
    @Test
    void boltSscStillAcceptsTheCertificateUnchecked() {
        Cli run = cli(env("bolt+ssc://localhost:" + secured.port(), null), "db", "migrate", "neo4j");

        assertEquals(0, run.exit, run.all());
        assertEquals(1L, countA());
    }

    @Test
    void aCertificateFromAnotherCaIsExitFourAndSaysWhatToDo() {
        Cli run = cli(env(secured.uri(), secured.otherCaCertificate), "db", "migrate", "neo4j");

        assertEquals(4, run.exit, run.all());
        clean(run);
        assertTrue(run.err.contains("Neo4j at " + secured.uri() + ": the server's certificate is not trusted by the CA in"
                + " caCertificate " + secured.otherCaCertificate), run.all());
        assertTrue(run.err.contains("set caCertificate (NEO4J_CA_CERTIFICATE) to the PEM file of the CA that signed"
                + " the server's certificate"), run.all());
        assertEquals(0L, countA());
    }

    @Test
    void withoutACaTheJvmsCasRefuseTheTestCertificate() {
        Cli run = cli(env(secured.uri(), null), "db", "migrate", "neo4j");

        assertEquals(4, run.exit, run.all());
        clean(run);
        assertTrue(run.err.contains("Neo4j at " + secured.uri() + ": the server's certificate is not signed by a CA"
                + " this Java trusts"), run.all());
        assertTrue(run.err.contains("for a private CA set caCertificate (NEO4J_CA_CERTIFICATE) to its PEM file"), run.all());
    }

    @Test
    void plainBoltToTheTlsOnlyServerIsExitFourAndPointsAtBoltS() {
        Cli run = cli(env("bolt://localhost:" + secured.port(), null), "db", "migrate", "neo4j");

        assertEquals(4, run.exit, run.all());
        clean(run);
        assertTrue(run.err.contains("cannot connect to Neo4j at bolt://localhost:" + secured.port() + ": the server"
                + " closed the plain (unencrypted) connection, as a server that requires TLS does; use bolt+s:// (with"
                + " caCertificate / NEO4J_CA_CERTIFICATE for a private CA)"), run.all());
    }

    @Test
    void aMissingCaCertificateIsExitTwoBeforeAnyConnection() {
        Path missing = dir.resolve("no-such-ca.pem");
        Cli run = cli(env(unusedTlsUri(), missing), "db", "migrate", "neo4j");

        assertEquals(2, run.exit, run.all()); // an attempt to connect to the unused port would be exit 4
        clean(run);
        assertTrue(run.err.contains("target neo4j: caCertificate file " + missing + " does not exist; set caCertificate"
                + " (NEO4J_CA_CERTIFICATE) to the PEM file of the CA that signed the server's certificate"), run.all());
    }

    @Test
    void aCaCertificateThatIsNoCertificateIsExitTwoBeforeAnyConnection() throws IOException {
        Path garbage = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path key = Files.copy(secured.server.home().resolve("certificates/bolt/private.key"), dir.resolve("key.pem"));
        for (Path notACertificate : new Path[] {garbage, empty, key, dir}) {
            Cli run = cli(env(unusedTlsUri(), notACertificate), "db", "migrate", "neo4j");

            assertEquals(2, run.exit, run.all());
            clean(run);
            assertTrue(run.err.contains("target neo4j: caCertificate file " + notACertificate + " is not a"), run.all());
        }
    }

    @Test
    void aCaCertificateBesideASchemeThatChecksNoCertificateIsExitTwo() {
        Cli plain = cli(env("bolt://localhost:" + secured.port(), secured.caCertificate), "db", "migrate", "neo4j");
        assertEquals(2, plain.exit, plain.all());
        assertTrue(plain.err.contains("caCertificate is for TLS that checks the server's certificate (bolt+s:// or"
                + " neo4j+s://), but the uri is bolt:// (no TLS); use bolt+s:// or drop caCertificate"), plain.all());

        Cli ssc = cli(env("neo4j+ssc://localhost:" + secured.port(), secured.caCertificate), "db", "migrate", "neo4j");
        assertEquals(2, ssc.exit, ssc.all());
        assertTrue(ssc.err.contains("but the uri is neo4j+ssc://, which accepts any certificate unchecked; use"
                + " neo4j+s:// or drop caCertificate"), ssc.all());
        assertEquals(0L, countA());
    }

    /** Where nothing listens: a configuration error must come before any attempt to connect there. */
    private static String unusedTlsUri() {
        return "bolt+s://localhost:" + Neo4jFixture.freePort();
    }

    private static long countA() {
        try (Driver driver = secured.server.openDriver(); Session session = driver.session()) {
            return session.run("MATCH (a:A) RETURN count(a)").single().get(0).asLong();
        }
    }

    private static Map<String, String> env(String uri, Path ca) {
        Map<String, String> env = new HashMap<>(Map.of("NEO4J_URI", uri, "NEO4J_USER", secured.server.user(),
                "NEO4J_PASSWORD", secured.server.password()));
        if (ca != null) {
            env.put("NEO4J_CA_CERTIFICATE", ca.toString());
        }
        return env;
    }

    /** No stack trace, no password. */
    private static void clean(Cli run) {
        assertFalse(run.all().contains("\tat ") || run.all().contains("Exception"), run.all());
        assertFalse(run.all().contains(secured.server.password()), run.all());
    }

    private Cli cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = WeaveCli.run(new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, dir, false), args);
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Cli(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
