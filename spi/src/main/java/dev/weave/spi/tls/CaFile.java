package dev.weave.spi.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A setting that names the PEM file of a CA to trust, read and parsed when the settings are: a wrong path or a
 * file that is no certificate is a configuration error naming the setting and the file before any connection is
 * tried, not a TLS failure at the first request.
 *
 * @param file         the absolute path
 * @param certificates the certificates the file holds (at least one)
 */
public record CaFile(Path file, List<Certificate> certificates) {

    /**
     * @param setting how the user sets it, e.g. {@code caCertificate}
     * @param fix     what to do, appended to each message, e.g. "set caCertificate (NEO4J_CA_CERTIFICATE) to …"
     * @param error   makes the store's configuration error from a message
     */
    public static CaFile read(String value, String setting, String fix, Function<String, RuntimeException> error) {
        Path file;
        try {
            file = Path.of(value.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw error.apply(setting + " '" + value + "' is not a file path; " + fix);
        }
        if (!Files.isRegularFile(file)) {
            throw error.apply(setting + " file " + file + (Files.exists(file) ? " is not a file" : " does not exist")
                    + "; " + fix);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw error.apply("cannot read " + setting + " file " + file + " (" + e.getMessage() + "); " + fix);
        }
        Collection<? extends Certificate> certificates;
        try {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            certificates = List.of();
        }
        if (certificates.isEmpty()) {
            throw error.apply(setting + " file " + file + " is not a PEM certificate (-----BEGIN CERTIFICATE-----); "
                    + fix + " (the CA's certificate, not a key)");
        }
        return new CaFile(file, List.copyOf(certificates));
    }
}
