package dev.weave.api;

import java.time.Instant;

/** One line of {@code info}: a migration and where it stands. */
public record InfoLine(String version, String description, String type, String script, String state,
                       Instant installedOn, String installedBy, Long executionMillis) {
}
