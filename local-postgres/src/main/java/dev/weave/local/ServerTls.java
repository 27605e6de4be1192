package dev.weave.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * TLS for a {@link LocalPostgres}: the server's certificate and private key (PEM files; the key unencrypted,
 * PKCS#8 or PKCS#1) and the PEM certificate of the CA that signed them, which clients of this server trust.
 * A server started with it takes TLS connections only.
 *
 * @param certificate the server's certificate, naming the host clients connect to ({@code localhost})
 * @param privateKey its private key; made owner-only before the start, as PostgreSQL refuses a key others can read
 * @param caCertificate the CA's certificate: clients connect with {@code sslmode=verify-full} and this as
 *                      {@code sslrootcert}
 */
public record ServerTls(Path certificate, Path privateKey, Path caCertificate) {

    public ServerTls {
        certificate = certificate.toAbsolutePath().normalize();
        privateKey = privateKey.toAbsolutePath().normalize();
        caCertificate = caCertificate.toAbsolutePath().normalize();
    }

    void restrictKey() throws IOException {
        Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
    }
}
