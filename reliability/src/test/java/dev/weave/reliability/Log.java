package dev.weave.reliability;

import java.time.Duration;
import java.time.Instant;

/** Progress lines with the time since the suite started (surefire keeps them in target/surefire-reports). */
final class Log {

    private static final Instant START = Instant.now();

    private Log() {
    }

    static void info(String message) {
        long ms = Duration.between(START, Instant.now()).toMillis();
        System.out.printf("[%6.1f s] [%s] %s%n", ms / 1000.0, Thread.currentThread().getName(), message);
        System.out.flush();
    }
}
