package dev.weave.local.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS for a {@link LocalElasticsearch} with security on: the node's private key (PKCS#8 PEM, unencrypted) and
 * certificate (PEM), and the PEM certificate of the CA that signed it, which the launcher's own readiness check
 * trusts. The files are made by the caller (tests make a CA at test time; nothing is committed) and copied into
 * the node's {@code config/certs/}, which is handed to the node's user (uid 65534 as root) with the rest.
 */
public record HttpTls(Path privateKey, Path certificate, Path caCertificate) {

    static final String DIR = "certs";

    public HttpTls {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }

    /** Copies the files into {@code config/certs/}; the key stays readable by its owner only. */
    void install(Path config) throws IOException {
        Path certs = Files.createDirectories(config.resolve(DIR));
        Path key = certs.resolve("http.key");
        Files.deleteIfExists(key);
        Files.createFile(key, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.write(key, Files.readAllBytes(privateKey)); // into the owner-only file: a copy would get default modes
        Files.copy(certificate, certs.resolve("http.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(caCertificate, certs.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The node's settings for TLS on HTTP (paths relative to its config directory). */
    static Map<String, String> settings() {
        return Map.of("xpack.security.http.ssl.enabled", "true",
                "xpack.security.http.ssl.key", DIR + "/http.key",
                "xpack.security.http.ssl.certificate", DIR + "/http.crt",
                "xpack.security.http.ssl.certificate_authorities", DIR + "/ca.crt");
    }

    /** Trusts the CA only (host names are still checked): for the launcher's readiness check. */
    SSLContext clientContext() throws IOException {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + caCertificate + ": " + e.getMessage(), e);
        }
    }
}
