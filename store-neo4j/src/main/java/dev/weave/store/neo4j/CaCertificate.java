package dev.weave.store.neo4j;

import dev.weave.error.ConfigurationException;
import dev.weave.spi.tls.CaFile;
import org.neo4j.driver.Config;

import java.nio.file.Path;

/**
 * The {@code caCertificate} setting ({@code NEO4J_CA_CERTIFICATE}): a PEM file with the certificate of the CA
 * that signed the server's certificate, trusted instead of the JVM's CAs for {@code bolt+s://} and
 * {@code neo4j+s://}. Read and parsed when the settings are, so a wrong path or a file that is no certificate
 * is a configuration error naming the file before any connection is tried.
 */
final class CaCertificate {

    static final String SETTING = "caCertificate";
    private static final String FIX = "set " + SETTING + " (NEO4J_CA_CERTIFICATE) to the PEM file of the CA that"
            + " signed the server's certificate";

    private final Path file;

    private CaCertificate(Path file) {
        this.file = file;
    }

    /** {@code scheme}: the uri's; only the verifying TLS schemes ({@code +s}) take a CA. */
    static CaCertificate read(String target, String scheme, String value) {
        if (!scheme.endsWith("+s")) {
            throw config(target, SETTING + " is for TLS that checks the server's certificate (bolt+s:// or neo4j+s://),"
                    + " but the uri is " + scheme + "://" + (scheme.endsWith("+ssc")
                    ? ", which accepts any certificate unchecked; use " + scheme.replace("+ssc", "+s") + "://"
                    : " (no TLS); use " + scheme + "+s://") + " or drop " + SETTING);
        }
        return new CaCertificate(CaFile.read(value, SETTING, FIX, message -> config(target, message)).file());
    }

    Path file() {
        return file;
    }

    /** Only this CA, and the host name checked against the certificate, as {@code +s} does with the JVM's CAs. */
    Config.TrustStrategy trustStrategy() {
        return Config.TrustStrategy.trustCustomCertificateSignedBy(file.toFile()).withHostnameVerification();
    }

    private static ConfigurationException config(String target, String message) {
        return new ConfigurationException("target " + target + ": " + message);
    }
}
