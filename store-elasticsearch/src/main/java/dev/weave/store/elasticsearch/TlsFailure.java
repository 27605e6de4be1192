package dev.weave.store.elasticsearch;

import dev.weave.spi.tls.TlsCauses;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What went wrong in a TLS handshake with a node, told from the exception's causes and said as what to change:
 * a certificate no trusted CA signed, a certificate for another host, a node that does not speak TLS on that
 * port, or something else about TLS.
 */
final class TlsFailure {

    private TlsFailure() {
    }

    /** Whether the failure was in TLS: an {@link SSLException} anywhere in the causes. */
    static boolean isTls(Throwable e) {
        return TlsCauses.find(e, SSLException.class) != null;
    }

    /** {@code ca}: the caCertificate file in use, or null for the JVM's CAs. */
    static String describe(Throwable e, String host, Path ca) {
        Throwable untrusted = TlsCauses.untrusted(e);
        if (untrusted != null) {
            String why = " (" + TlsCauses.innermost(untrusted) + ")";
            return ca != null
                    ? "the node's certificate is not trusted by the CA in " + CaCertificate.SETTING + " " + ca + why + "; "
                    + CaCertificate.FIX
                    : "the node's certificate is not signed by a CA this Java trusts" + why + "; for a private CA set "
                    + CaCertificate.SETTING + " (ELASTICSEARCH_CA_CERTIFICATE) to its PEM file";
        }
        Throwable wrongHost = TlsCauses.namingAnotherHost(e);
        if (wrongHost != null) {
            return "the node's certificate is not issued for host '" + host + "' (" + TlsCauses.innermost(wrongHost)
                    + "); connect with a host name the certificate names";
        }
        String message = TlsCauses.innermost(e);
        if (message.toLowerCase(Locale.ROOT).contains("unrecognized ssl message")
                || message.toLowerCase(Locale.ROOT).contains("plaintext connection")) {
            return "the node does not speak TLS on that port (" + message + "); set scheme: http, or enable"
                    + " xpack.security.http.ssl on the node";
        }
        return "TLS failed (" + message + "); check scheme and caCertificate";
    }
}
