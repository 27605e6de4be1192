package dev.weave.spring.boot;

import dev.weave.api.MigrationEvent;
import dev.weave.api.ProgressListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Duration;
import java.util.List;

/**
 * Weave's progress in the application's log (logger {@code dev.weave}), and every event passed on to the
 * application's own {@link ProgressListener} beans (metrics among them).
 */
final class LoggingListener implements ProgressListener {

    private static final Log LOG = LogFactory.getLog("dev.weave");

    private final List<ProgressListener> others;

    LoggingListener(List<ProgressListener> others) {
        this.others = List.copyOf(others);
    }

    @Override
    public void starting(String target, int count) {
        LOG.info(target + ": " + count + " migration(s) to apply");
        others.forEach(l -> l.starting(target, count));
    }

    @Override
    public void applying(String target, String label, int index, int count) {
        others.forEach(l -> l.applying(target, label, index, count));
    }

    @Override
    public void applied(String target, String label, long millis) {
        LOG.info(target + ": applied " + label + " (" + millis + " ms)");
        others.forEach(l -> l.applied(target, label, millis));
    }

    @Override
    public void failed(String target, String label, String message) {
        LOG.error(target + ": " + label + " failed: " + message);
        others.forEach(l -> l.failed(target, label, message));
    }

    @Override
    public void migration(MigrationEvent event) {
        others.forEach(l -> l.migration(event));
    }

    @Override
    public void warning(String target, String label, String message) {
        LOG.warn(target + ": " + label + ": " + message);
        others.forEach(l -> l.warning(target, label, message));
    }

    @Override
    public void waiting(String target, String store, String address, int attempt, Duration waited, Duration limit,
                        String reason) {
        LOG.info(target + ": waiting for " + store + " at " + address + " (attempt " + attempt + "): " + reason);
        others.forEach(l -> l.waiting(target, store, address, attempt, waited, limit, reason));
    }

    @Override
    public void notice(String target, String message) {
        LOG.info(target + ": " + message);
        others.forEach(l -> l.notice(target, message));
    }
}
