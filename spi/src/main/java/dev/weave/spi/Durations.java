package dev.weave.spi;

import dev.weave.error.ConfigurationException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses "30s", "2m", "500ms", "1h" (a bare number is seconds): the one duration format of flags, weave.yaml and settings. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    public static Duration parse(String text, String where) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigurationException(where + ": '" + text + "' is not a duration; use e.g. 30s, 2m, 500ms");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        try {
            long n = Long.parseLong(m.group(1));
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigurationException(where + ": '" + text + "' is too long a duration; use e.g. 30s, 2m, 500ms");
        }
    }
}
