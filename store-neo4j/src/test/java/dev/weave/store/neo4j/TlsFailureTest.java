package dev.weave.store.neo4j;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.exceptions.SecurityException;

import javax.net.ssl.SSLHandshakeException;
import java.security.cert.CertificateException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one TLS failure the secured server cannot show (its certificate names localhost and 127.0.0.1, the only
 * addresses it listens on): a certificate for another host, as the driver reports it, with the JDK's message.
 */
class TlsFailureTest {

    @Test
    void aCertificateForAnotherHostSaysWhichHostAndWhatToDo() {
        SSLHandshakeException handshake = new SSLHandshakeException("No subject alternative DNS name matching db.internal found.");
        handshake.initCause(new CertificateException("No subject alternative DNS name matching db.internal found."));
        SecurityException e = new SecurityException("Failed to establish secured connection with the server", handshake);

        assertEquals("Neo4j at bolt+s://db.internal:7687: the server's certificate is not issued for host 'db.internal'"
                + " (No subject alternative DNS name matching db.internal found.); connect with a host name the certificate"
                + " names", TlsFailure.describe(e, "bolt+s://db.internal:7687", "db.internal", null));
    }
}
