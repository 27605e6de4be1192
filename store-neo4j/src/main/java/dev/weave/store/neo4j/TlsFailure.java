package dev.weave.store.neo4j;

import dev.weave.spi.tls.TlsCauses;

import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

import java.nio.file.Path;

/**
 * What went wrong in a TLS handshake, told from the driver's exception's causes, said as what to change: a
 * certificate no trusted CA signed, a certificate for another host, or something else about TLS.
 */
final class TlsFailure {

    private TlsFailure() {
    }

    /** {@code ca}: the caCertificate file in use, or null for the JVM's CAs. */
    static String describe(Neo4jException e, String address, String host, Path ca) {
        Throwable untrusted = TlsCauses.untrusted(e);
        if (untrusted != null) {
            String why = " (" + TlsCauses.innermost(untrusted) + ")";
            return ca != null
                    ? "Neo4j at " + address + ": the server's certificate is not trusted by the CA in " + CaCertificate.SETTING
                    + " " + ca + why + "; set " + CaCertificate.SETTING + " (NEO4J_CA_CERTIFICATE) to the PEM file of the CA"
                    + " that signed the server's certificate"
                    : "Neo4j at " + address + ": the server's certificate is not signed by a CA this Java trusts" + why
                    + "; for a private CA set " + CaCertificate.SETTING + " (NEO4J_CA_CERTIFICATE) to its PEM file";
        }
        Throwable wrongHost = TlsCauses.namingAnotherHost(e);
        if (wrongHost != null) {
            return "Neo4j at " + address + ": the server's certificate is not issued for host '" + host + "' ("
                    + TlsCauses.innermost(wrongHost) + "); connect with a host name the certificate names";
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
}
