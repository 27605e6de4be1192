package dev.weave.store.elasticsearch;

import dev.weave.error.ConfigurationException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code lockLease} setting: {@code 30s}, {@code 1500ms}, {@code 2m}, or plain seconds. */
final class LeaseDuration {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m)?");
    private static final Duration MINIMUM = Duration.ofMillis(300);

    private LeaseDuration() {
    }

    static Duration parse(String target, String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            throw new ConfigurationException("target " + target + ": lockLease '" + text + "' is not a duration (e.g. 30s, 1500ms, 2m)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(MINIMUM) < 0) {
            throw new ConfigurationException("target " + target + ": lockLease " + text + " is too short (at least 300ms)");
        }
        return d;
    }
}
