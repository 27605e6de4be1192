package dev.weave.spi.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.Locale;

/**
 * Reads a TLS failure from an exception's causes, for adapters that say what to change rather than pass on a
 * driver's stack of wrappers: a certificate no trusted CA signed, a certificate issued for another host.
 */
public final class TlsCauses {

    private TlsCauses() {
    }

    /** The first cause of one of these types, or null. */
    @SafeVarargs
    public static Throwable find(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** The cause that says the certificate chain is not trusted (no trusted CA signed it), or null. */
    public static Throwable untrusted(Throwable e) {
        return find(e, CertPathBuilderException.class, CertPathValidatorException.class);
    }

    /**
     * The cause that says the certificate names another host: the JDK's check ("No subject alternative DNS name
     * matching …", "No name matching … found") or Apache HttpClient's ("Certificate for &lt;host&gt; doesn't match
     * any of the subject alternative names"), or null.
     */
    public static Throwable namingAnotherHost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("doesn't match any of the subject alternative names") || m.startsWith("no subject alternative")
                    || m.startsWith("no name matching")) {
                return t;
            }
        }
        return null;
    }

    /** The innermost cause's message on one line (its class name when it has none). */
    public static String innermost(Throwable e) {
        Throwable last = e;
        while (last.getCause() != null && last.getCause() != last) {
            last = last.getCause();
        }
        String message = last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
