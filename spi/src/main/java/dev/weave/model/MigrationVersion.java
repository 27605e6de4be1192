package dev.weave.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A migration version: digits split into parts by {@code .} or {@code _}, compared numerically part by
 * part. Trailing zero parts do not count, so {@code 1}, {@code 1.0} and {@code 001} are the same version.
 * The text as written in the file name is kept for display and for the ledger.
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {

    private static final Pattern FORMAT = Pattern.compile("\\d+([._]\\d+)*");

    private final String text;
    private final List<BigInteger> parts;

    private MigrationVersion(String text, List<BigInteger> parts) {
        this.text = text;
        this.parts = parts;
    }

    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /** @throws IllegalArgumentException when the text is not digits separated by '.' or '_' */
    public static MigrationVersion parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("'" + text + "' is not a version: use digits, parts split by '.' or '_' (1, 001, 1.2.3, 2024_01_15)");
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String part : text.split("[._]")) {
            parts.add(new BigInteger(part));
        }
        int end = parts.size();
        while (end > 1 && parts.get(end - 1).signum() == 0) {
            end--;
        }
        return new MigrationVersion(text, Collections.unmodifiableList(new ArrayList<>(parts.subList(0, end))));
    }

    /** The version as written, e.g. {@code 001} or {@code 2024_01_15}. */
    public String text() {
        return text;
    }

    /** The canonical form used to compare and to key maps: numbers without leading zeros, joined by '.'. */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        for (BigInteger part : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    public List<BigInteger> parts() {
        return parts;
    }

    @Override
    public int compareTo(MigrationVersion other) {
        int n = Math.max(parts.size(), other.parts.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < other.parts.size() ? other.parts.get(i) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
