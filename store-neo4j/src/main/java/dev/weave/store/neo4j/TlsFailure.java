package dev.weave.store.neo4j;

import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;

/**
 * What went wrong in a TLS handshake, told from the driver's exception's causes, said as what to change: a
 * certificate no trusted CA signed, a certificate for another host, or something else about TLS.
 */
final class TlsFailure {

    private TlsFailure() {
    }

    /** {@code ca}: the caCertificate file in use, or null for the JVM's CAs. */
    static String describe(Neo4jException e, String address, String host, Path ca) {
        Throwable untrusted = find(e, CertPathBuilderException.class, CertPathValidatorException.class);
        if (untrusted != null) {
            String why = " (" + innermost(untrusted) + ")";
            return ca != null
                    ? "Neo4j at " + address + ": the server's certificate is not trusted by the CA in " + CaCertificate.SETTING
                    + " " + ca + why + "; set " + CaCertificate.SETTING + " (NEO4J_CA_CERTIFICATE) to the PEM file of the CA"
                    + " that signed the server's certificate"
                    : "Neo4j at " + address + ": the server's certificate is not signed by a CA this Java trusts" + why
                    + "; for a private CA set " + CaCertificate.SETTING + " (NEO4J_CA_CERTIFICATE) to its PEM file";
        }
        Throwable wrongHost = find(e, CertificateException.class);
        if (wrongHost != null && namesAnotherHost(wrongHost.getMessage())) {
            return "Neo4j at " + address + ": the server's certificate is not issued for host '" + host + "' ("
                    + innermost(wrongHost) + "); connect with a host name the certificate names";
        }
        return "cannot connect securely to " + address + ": " + Neo4jEndpoint.reason(e)
                + "; check the uri's scheme (bolt+s:// verifies the certificate, bolt+ssc:// accepts a self-signed one)";
    }

    /**
     * A plain Bolt connection that the server closed during the handshake: what a server that requires TLS
     * does (a server that is down refuses the connection instead, and says nothing of encryption).
     */
    static boolean closedOnPlainBolt(Neo4jException e) {
        return e instanceof ServiceUnavailableException && e.getMessage() != null
                && e.getMessage().contains("compatible encryption settings");
    }

    /** The JDK's host name check: "No subject alternative DNS name matching …", "No name matching … found". */
    private static boolean namesAnotherHost(String message) {
        String m = String.valueOf(message).toLowerCase(Locale.ROOT);
        return m.startsWith("no subject alternative") || m.startsWith("no name matching");
    }

    @SafeVarargs
    private static Throwable find(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    private static String innermost(Throwable e) {
        Throwable last = e;
        while (last.getCause() != null && last.getCause() != last) {
            last = last.getCause();
        }
        String message = last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
