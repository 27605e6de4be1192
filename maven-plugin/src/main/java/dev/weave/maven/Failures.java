package dev.weave.maven;

import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Weave's exit code as the build's failure. What the project's content caused — a migration failed (1), validation
 * found problems (3), the schemas differ (6) — is a {@link MojoFailureException}; what the set-up caused — usage or
 * configuration (2), a store out of reach (4), a lock not acquired (5) — a {@link MojoExecutionException}. The
 * message is Weave's own with {@code " (weave exit code N)"}; there is no cause, so Maven shows no stack trace for
 * what is a user's mistake or a server's state.
 */
final class Failures {

    private Failures() {
    }

    /** @param message already masked */
    static AbstractMojoExecutionException of(int exitCode, String message) {
        String text = message + " (weave exit code " + exitCode + ")";
        return switch (exitCode) {
            case 1, 3, 6 -> new MojoFailureException(text);
            default -> new MojoExecutionException(text);
        };
    }
}
