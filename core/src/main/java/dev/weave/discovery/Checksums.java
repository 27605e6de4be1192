package dev.weave.discovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checksums of normalised script text. The stored value names its algorithm ({@code sha256:<hex>}) so a
 * later algorithm can be introduced without invalidating existing ledgers.
 */
public final class Checksums {

    public static final String SHA256 = "sha256";

    private Checksums() {
    }

    /** One digest per thread, reset by each use: looking the algorithm up for every file was most of the cost. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    });
    private static final HexFormat HEX = HexFormat.of();

    public static String of(String normalisedText) {
        byte[] hash = DIGEST.get().digest(normalisedText.getBytes(StandardCharsets.UTF_8));
        return SHA256 + ":" + HEX.formatHex(hash);
    }

    /** True when a stored checksum (of any known algorithm) matches the text. */
    public static boolean matches(String stored, String currentChecksum) {
        if (stored == null) {
            return true;
        }
        if (stored.startsWith(SHA256 + ":")) {
            return stored.equalsIgnoreCase(currentChecksum);
        }
        // unknown algorithm: compare literally, a mismatch is reported as drift the user can repair
        return stored.equals(currentChecksum);
    }
}
