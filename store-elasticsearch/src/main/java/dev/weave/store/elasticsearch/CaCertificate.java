package dev.weave.store.elasticsearch;

import dev.weave.error.ConfigurationException;
import dev.weave.spi.tls.CaFile;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collection;
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
        CaFile ca = CaFile.read(value, SETTING, FIX, message -> config(target, message));
        return new CaCertificate(ca.file(), ca.certificates());
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

    private static ConfigurationException config(String target, String message) {
        return new ConfigurationException("target " + target + ": " + message);
    }
}
