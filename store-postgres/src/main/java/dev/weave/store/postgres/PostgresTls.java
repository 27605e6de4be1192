package dev.weave.store.postgres;

import dev.weave.error.ConfigurationException;
import dev.weave.error.StoreUnreachableException;
import dev.weave.spi.TargetSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A target's {@code sslmode} and {@code sslrootcert}, checked before anything connects (a typo or a wrong file
 * is a configuration error, not an unreachable server), and what a connection that failed over TLS means.
 * The driver (pgjdbc) reads {@code sslrootcert} only for {@code verify-ca} and {@code verify-full}: given with
 * any other mode it would be ignored without a word, so that is refused too.
 */
final class PostgresTls {

    static final List<String> MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final String ROOT_CERT_SOURCES = "POSTGRES_SSLROOTCERT, weave.yaml or --set sslrootcert=…";
    /**
     * The driver logs a host-name mismatch at SEVERE through java.util.logging before it throws; on a command line
     * that is a timestamped line of driver internals on stderr above the error that says the same. Kept here, as
     * java.util.logging holds loggers only weakly.
     */
    private static final Logger HOST_NAME_VERIFIER = Logger.getLogger("org.postgresql.ssl.PGjdbcHostnameVerifier");

    static {
        HOST_NAME_VERIFIER.setLevel(Level.OFF);
    }

    private final String target;
    /** As given, lower case; empty: the driver's default (prefer). */
    private final Optional<String> mode;
    /** As given; empty: the driver's default file for the verifying modes. */
    private final Optional<String> rootCert;

    private PostgresTls(String target, Optional<String> mode, Optional<String> rootCert) {
        this.target = target;
        this.mode = mode;
        this.rootCert = rootCert;
    }

    static PostgresTls of(TargetSettings settings) {
        PostgresTls tls = new PostgresTls(settings.targetName(),
                settings.get("sslmode").map(m -> m.strip().toLowerCase(Locale.ROOT)),
                settings.get("sslrootcert").map(String::strip));
        tls.check();
        return tls;
    }

    void addTo(Properties driver) {
        mode.ifPresent(m -> driver.setProperty("sslmode", m));
        rootCert.ifPresent(file -> driver.setProperty("sslrootcert", file));
    }

    private boolean verifiesCertificate() {
        return mode.filter(m -> m.startsWith("verify-")).isPresent();
    }

    private boolean requiresTls() {
        return verifiesCertificate() || mode.filter("require"::equals).isPresent();
    }

    private void check() {
        if (mode.isPresent() && !MODES.contains(mode.get())) {
            throw config("sslmode '" + mode.get() + "' is not one of " + String.join(", ", MODES)
                    + "; verify-full encrypts and checks the server's certificate and host name");
        }
        if (rootCert.isPresent() && !verifiesCertificate()) {
            throw config("sslrootcert is read only with sslmode verify-ca or verify-full (sslmode is "
                    + mode.map(m -> "'" + m + "'").orElse("not set, so 'prefer'")
                    + "), so the server's certificate would not be checked; set sslmode: verify-full");
        }
        if (rootCert.isPresent()) {
            requireCertificateFile(rootCert.get());
        } else if (verifiesCertificate() && !Files.exists(defaultRootCert())) {
            throw config("sslmode " + mode.get() + " checks the server's certificate against a CA, but sslrootcert is"
                    + " not set and the driver's default " + defaultRootCert() + " does not exist; set sslrootcert to"
                    + " the PEM file of the CA that signed the server's certificate (" + ROOT_CERT_SOURCES + ")");
        }
    }

    /** The file the driver would read, checked the way it reads it (X.509 certificates, PEM or DER). */
    private void requireCertificateFile(String value) {
        Path file = Path.of(value);
        String named = "sslrootcert " + value + (file.isAbsolute() ? "" : " (" + file.toAbsolutePath() + ")");
        if (!Files.exists(file)) {
            throw config(named + " does not exist; set sslrootcert to the PEM file of the CA that signed the server's"
                    + " certificate (" + ROOT_CERT_SOURCES + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw config(named + " is not a file; set sslrootcert to the PEM file of the CA's certificate");
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw config(named + " holds no certificate; it must be the CA's certificate in PEM form"
                        + " (-----BEGIN CERTIFICATE----- …)");
            }
        } catch (IOException e) {
            throw config("cannot read " + named + ": " + e.getMessage());
        } catch (CertificateException e) {
            // the parser's own message ("Could not parse certificate: java.io.IOException: …") tells a user nothing
            throw config(named + " is not a PEM certificate; it must be the CA's certificate in PEM form"
                    + " (-----BEGIN CERTIFICATE----- …), not a key or a keystore");
        }
    }

    /** Where pgjdbc looks without sslrootcert. */
    private static Path defaultRootCert() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows");
        String base = windows ? System.getenv("APPDATA") + "/postgresql" : System.getProperty("user.home") + "/.postgresql";
        return Path.of(base, "root.crt");
    }

    /**
     * The clear error for a connection that failed because of TLS, or empty when it did not. Each of these is
     * for good: retrying does not change a certificate or a pg_hba.conf.
     */
    Optional<StoreUnreachableException> explain(SQLException e, String address, String host, String user,
                                                String database) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String secure = "cannot connect securely to PostgreSQL at " + address + " (target " + target + "): ";
        if (verifiesCertificate() && untrustedCertificate(e)) {
            String ca = rootCert.map(f -> "the CA in sslrootcert " + f).orElse("the CA in " + defaultRootCert());
            return Optional.of(new StoreUnreachableException(secure + "the server's certificate is not trusted by " + ca
                    + " (" + deepestReason(e) + "); set sslrootcert to the PEM file of the CA that signed the server's"
                    + " certificate (ask the server's administrator which CA that is)"));
        }
        if (message.contains("hostnameverifier")) {
            return Optional.of(new StoreUnreachableException(secure + "the server's certificate does not name " + host
                    + ", the host it was reached by (sslmode verify-full checks that); connect with a host name the"
                    + " certificate lists, or use sslmode verify-ca to check the CA only"));
        }
        if (requiresTls() && "08004".equals(e.getSQLState()) && message.contains("SSL")) {
            return Optional.of(new StoreUnreachableException(secure + "the server does not accept TLS connections, and"
                    + " sslmode " + mode.get() + " requires TLS; turn ssl on in the server's configuration, or use"
                    + " sslmode prefer or disable if this connection need not be encrypted"));
        }
        if ("28000".equals(e.getSQLState()) && message.contains("no encryption")) {
            return Optional.of(new StoreUnreachableException("PostgreSQL at " + address + " (target " + target
                    + ") has no pg_hba.conf line for this connection without TLS (user '" + user + "', database '"
                    + database + "'); if the server takes TLS connections, set sslmode: verify-full and sslrootcert"
                    + " to the PEM file of its CA (POSTGRES_SSLMODE / " + ROOT_CERT_SOURCES + "), otherwise ask its"
                    + " administrator to let this user in from this host"));
        }
        return Optional.empty();
    }

    private static boolean untrustedCertificate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
                    || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's message: "unable to find valid certification path to requested target". */
    private static String deepestReason(Throwable e) {
        Throwable last = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                last = t;
            }
        }
        return last.getMessage().replaceAll("\\s+", " ").trim().replaceAll("[.]+$", "");
    }

    private ConfigurationException config(String message) {
        return new ConfigurationException("target " + target + ": " + message);
    }
}
