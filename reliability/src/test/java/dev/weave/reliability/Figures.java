package dev.weave.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of a run (rounds, processes, kills, cases, anomalies), written to
 * {@code target/reliability-figures.txt} after every change so RELIABILITY.md can quote a real run,
 * even one that stopped half-way.
 */
final class Figures {

    private static final Map<String, String> FIGURES = new TreeMap<>();
    private static final Instant STARTED = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private Figures() {
    }

    static synchronized void set(String key, Object value) {
        FIGURES.put(key, String.valueOf(value));
        write();
    }

    static synchronized void add(String key, long delta) {
        long now = Long.parseLong(FIGURES.getOrDefault(key, "0")) + delta;
        FIGURES.put(key, String.valueOf(now));
        write();
    }

    /** Keeps the largest value seen, e.g. the slowest lock takeover. */
    static synchronized void max(String key, long value) {
        String old = FIGURES.get(key);
        if (old == null || Long.parseLong(old) < value) {
            FIGURES.put(key, String.valueOf(value));
            write();
        }
    }

    /** Appends to a comma-separated list, e.g. the kill points used. */
    static synchronized void append(String key, String item) {
        String old = FIGURES.get(key);
        FIGURES.put(key, old == null ? item : old + ", " + item);
        write();
    }

    private static void write() {
        Path file = Path.of(System.getProperty("reliability.figures", "target/reliability-figures.txt"));
        StringBuilder sb = new StringBuilder();
        sb.append("# Weave reliability figures: run started ").append(STARTED).append(", last written ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores\n");
        FIGURES.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
