package dev.weave.store.neo4j;

import dev.weave.testing.TestCa;
import dev.weave.local.neo4j.BoltTls;
import dev.weave.local.neo4j.LocalNeo4j;
import dev.weave.local.support.SharedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one Neo4j of this test JVM that takes Bolt over TLS only, beside the shared plain one: its own process
 * (~400 MB, started on first use, stopped at exit), with a certificate for localhost signed by a test CA made
 * here, and a second CA that signed nothing the server shows (for the wrong-CA tests). Always a local
 * process, never a container: the point is the TLS set-up, which this class controls.
 */
final class SecuredNeo4j {

    private static final SharedServer<SecuredNeo4j> SHARED = new SharedServer<>(SecuredNeo4j::start);

    final LocalNeo4j server;
    /** The CA that signed the server's certificate. */
    final Path caCertificate;
    /** A CA that did not. */
    final Path otherCaCertificate;

    private SecuredNeo4j(LocalNeo4j server, Path caCertificate, Path otherCaCertificate) {
        this.server = server;
        this.caCertificate = caCertificate;
        this.otherCaCertificate = otherCaCertificate;
    }

    static SecuredNeo4j get() {
        return SHARED.get();
    }

    /** {@code bolt+s://localhost:<port>}. */
    String uri() {
        return server.boltUri();
    }

    int port() {
        return server.boltPort();
    }

    private static SecuredNeo4j start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("weave-neo4j-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCa ca = TestCa.create(dir, "weave-test-ca");
        TestCa other = TestCa.create(dir, "weave-other-ca");
        TestCa.ServerFiles files = ca.issueServer(dir, "localhost", "localhost", "127.0.0.1");
        BoltTls tls = new BoltTls(files.privateKey(), files.certificate(), ca.certificate());
        LocalNeo4j server;
        try {
            server = LocalNeo4j.startTemporary(tls);
        } catch (IOException e) {
            deleteRecursively(dir);
            throw new UncheckedIOException("could not start a local Neo4j with Bolt over TLS", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(); // the process this JVM started, and its home
            deleteRecursively(dir);
        }, "weave-secured-neo4j-stop"));
        return new SecuredNeo4j(server, ca.certificate(), other.certificate());
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the JVM is exiting; a temporary directory left behind harms nothing
        }
    }
}
