package dev.weave.local.neo4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * Bolt over TLS, required, for a {@link LocalNeo4j}: the server's private key (PKCS#8 PEM, unencrypted) and
 * its certificate (PEM), and the PEM certificate of the CA that signed it, which the launcher's own drivers
 * (readiness check, {@link LocalNeo4j#openDriver()}) trust. The files are made by the caller (tests make a
 * CA at test time; nothing is committed) and copied into the server's home.
 */
public record BoltTls(Path privateKey, Path certificate, Path caCertificate) {

    /** Neo4j's SSL policy reads {@code <base>/private.key} and {@code <base>/public.crt}. */
    static final String POLICY_DIR = "certificates/bolt";
    static final String KEY_FILE = "private.key";
    static final String CERTIFICATE_FILE = "public.crt";

    public BoltTls {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }

    /**
     * Lays out the policy's base directory under {@code home}: key (owner-only) and certificate, and the
     * {@code trusted}/{@code revoked} directories Neo4j expects (empty: clients are not asked for certificates).
     */
    Path install(Path home) throws IOException {
        Path base = home.resolve(POLICY_DIR);
        Files.createDirectories(base.resolve("trusted"));
        Files.createDirectories(base.resolve("revoked"));
        Path key = base.resolve(KEY_FILE);
        Files.deleteIfExists(key);
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(key, Files.readAllBytes(privateKey)); // into the owner-only file: a copy would get default modes
        Files.copy(certificate, base.resolve(CERTIFICATE_FILE), StandardCopyOption.REPLACE_EXISTING);
        return base;
    }
}
