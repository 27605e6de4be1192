package dev.weave.maven;

import dev.weave.api.ProgressListener;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The CLI's progress lines in the build's log: one per migration as it completes ("  app [2/5] V2 create documents
 * (10 ms)"), warnings, notices, and a line every 10 s while a store is waited for.
 */
final class MavenProgress implements ProgressListener {

    private final Consumer<String> info;
    private final Consumer<String> warn;
    // targets of a migrate-all report from their own threads
    private final Map<String, String> position = new ConcurrentHashMap<>();
    private final Map<String, Long> lastWaitLine = new ConcurrentHashMap<>();

    MavenProgress(Consumer<String> info, Consumer<String> warn) {
        this.info = info;
        this.warn = warn;
    }

    @Override
    public void applying(String target, String label, int index, int count) {
        position.put(target, "[" + index + "/" + count + "] ");
    }

    @Override
    public void applied(String target, String label, long millis) {
        info.accept("  " + target + " " + position.getOrDefault(target, "") + label + " (" + millis + " ms)");
    }

    @Override
    public void failed(String target, String label, String message) {
        warn.accept("  " + target + " " + position.getOrDefault(target, "") + label + " FAILED");
    }

    @Override
    public void warning(String target, String label, String message) {
        warn.accept("  " + target + " " + label + " warning: " + message);
    }

    @Override
    public void notice(String target, String message) {
        info.accept("  " + target + ": " + message);
    }

    @Override
    public void waiting(String target, String store, String address, int attempt, Duration waited, Duration limit,
                        String problem) {
        Long last = lastWaitLine.get(target);
        if (last != null && waited.toMillis() - last < 10_000) {
            return;
        }
        lastWaitLine.put(target, waited.toMillis());
        info.accept("  " + target + ": waiting for " + store + " at " + address + " (attempt " + attempt + ", "
                + waited.toSeconds() + " s of " + limit.toSeconds() + " s): " + problem);
    }
}
