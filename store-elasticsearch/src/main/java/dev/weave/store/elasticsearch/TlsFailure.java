package dev.weave.store.elasticsearch;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
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
        return find(e, SSLException.class) != null;
    }

    /** {@code ca}: the caCertificate file in use, or null for the JVM's CAs. */
    static String describe(Throwable e, String host, Path ca) {
        Throwable untrusted = find(e, CertPathBuilderException.class, CertPathValidatorException.class);
        if (untrusted != null) {
            String why = " (" + innermost(untrusted) + ")";
            return ca != null
                    ? "the node's certificate is not trusted by the CA in " + CaCertificate.SETTING + " " + ca + why + "; "
                    + CaCertificate.FIX
                    : "the node's certificate is not signed by a CA this Java trusts" + why + "; for a private CA set "
                    + CaCertificate.SETTING + " (ELASTICSEARCH_CA_CERTIFICATE) to its PEM file";
        }
        Throwable wrongHost = findNamingAnotherHost(e);
        if (wrongHost != null) {
            return "the node's certificate is not issued for host '" + host + "' (" + innermost(wrongHost)
                    + "); connect with a host name the certificate names";
        }
        String message = innermost(e);
        if (message.toLowerCase(Locale.ROOT).contains("unrecognized ssl message")
                || message.toLowerCase(Locale.ROOT).contains("plaintext connection")) {
            return "the node does not speak TLS on that port (" + message + "); set scheme: http, or enable"
                    + " xpack.security.http.ssl on the node";
        }
        return "TLS failed (" + message + "); check scheme and caCertificate";
    }

    /**
     * The HTTP client's host name check ("Certificate for &lt;host&gt; doesn't match any of the subject alternative
     * names: […]") or the JDK's ("No subject alternative DNS name matching …", "No name matching … found").
     */
    private static Throwable findNamingAnotherHost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("doesn't match any of the subject alternative names") || m.startsWith("no subject alternative")
                    || m.startsWith("no name matching")) {
                return t;
            }
        }
        return null;
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
