package dev.weave.store.elasticsearch;

import dev.weave.error.ConfigurationException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The {@code caCertificate} setting ({@code ELASTICSEARCH_CA_CERTIFICATE}): a PEM file with the certificate of
 * the CA that signed the node's certificate, trusted instead of the JVM's CAs for {@code https}. Read and parsed
 * with the settings, so a wrong path or a file that is no certificate is a configuration error naming the
 * setting and the file before any connection is tried (not a TLS failure at the first request).
 */
final class CaCertificate {

    static final String SETTING = "caCertificate";
    static final String FIX = "set " + SETTING + " (ELASTICSEARCH_CA_CERTIFICATE) to the PEM file of the CA that signed"
            + " the node's certificate";

    private final Path file;
    private final Collection<? extends Certificate> certificates;

    private CaCertificate(Path file, Collection<? extends Certificate> certificates) {
        this.file = file;
        this.certificates = certificates;
    }

    static CaCertificate read(String target, String scheme, String value) {
        if (!scheme.equals("https")) {
            throw config(target, SETTING + " is for https, but scheme is " + scheme + "; set scheme: https"
                    + " (ELASTICSEARCH_SCHEME) or drop " + SETTING);
        }
        Path file;
        try {
            file = Path.of(value.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw config(target, SETTING + " '" + value + "' is not a file path; " + FIX);
        }
        if (!Files.isRegularFile(file)) {
            throw config(target, SETTING + " file " + file + (Files.exists(file) ? " is not a file" : " does not exist")
                    + "; " + FIX);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw config(target, "cannot read " + SETTING + " file " + file + " (" + e.getMessage() + "); " + FIX);
        }
        Collection<? extends Certificate> certificates = parse(bytes);
        if (certificates.isEmpty()) {
            throw config(target, SETTING + " file " + file + " is not a PEM certificate (-----BEGIN CERTIFICATE-----); "
                    + FIX + " (the CA's certificate, not a key)");
        }
        return new CaCertificate(file, certificates);
    }

    Path file() {
        return file;
    }

    /** Trusts these CAs and only these; the host name is still checked against the certificate. */
    SSLContext sslContext() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store from " + file, e); // the JDK's own types: not expected
        }
    }

    private static Collection<? extends Certificate> parse(byte[] bytes) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            return List.of();
        }
    }

    private static ConfigurationException config(String target, String message) {
        return new ConfigurationException("target " + target + ": " + message);
    }
}
