package dev.weave.store.postgres;

import dev.weave.testing.TestCa;
import dev.weave.local.LocalPostgres;
import dev.weave.local.ServerTls;
import dev.weave.local.support.SharedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one PostgreSQL of this test JVM that takes TLS connections only, beside the shared plain one: started on
 * first use, stopped at exit, with a certificate signed by a test CA made here, and a second CA that signed
 * nothing this server shows (for the wrong-CA tests). The certificate names {@code localhost} (the host every
 * test connects to) and nothing else, so {@code 127.0.0.1} is a host it does not name: a host-name check
 * that must fail, on any machine. Always a local server, never a
 * container: the point is the TLS set-up, which this class controls.
 */
final class SecuredPostgres {

    private static final SharedServer<SecuredPostgres> SHARED = new SharedServer<>(SecuredPostgres::start);

    final LocalPostgres server;
    /** The CA that signed the server's certificate. */
    final Path caCertificate;
    /** A CA that did not. */
    final Path otherCaCertificate;

    private SecuredPostgres(LocalPostgres server, Path caCertificate, Path otherCaCertificate) {
        this.server = server;
        this.caCertificate = caCertificate;
        this.otherCaCertificate = otherCaCertificate;
    }

    static SecuredPostgres get() {
        return SHARED.get();
    }

    private static SecuredPostgres start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("weave-pg-certs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCa ca = TestCa.create(dir, "weave-test-ca");
        TestCa other = TestCa.create(dir, "weave-other-ca");
        TestCa.ServerFiles files = ca.issueServer(dir, "localhost", "localhost");
        LocalPostgres server;
        try {
            server = LocalPostgres.startTemporary(new ServerTls(files.certificate(), files.privateKey(), ca.certificate()));
        } catch (IOException e) {
            deleteRecursively(dir);
            throw new UncheckedIOException("could not start a local PostgreSQL that takes TLS only", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(); // the server this JVM started, and its data
            deleteRecursively(dir);
        }, "weave-secured-postgres-stop"));
        return new SecuredPostgres(server, ca.certificate(), other.certificate());
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the JVM is exiting; a temporary directory left behind harms nothing
        }
    }
}
