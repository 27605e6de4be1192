package dev.weave.spi;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Something slow to open (a connection: a login is tens of milliseconds of CPU in a cold JVM) opened on a
 * helper thread while the caller does other work, then taken, or discarded when it turns out not to be
 * needed. Whichever comes last of "opened" and "discarded" closes it, so nothing opened is ever left open.
 *
 * @param <T> what is opened; closed when discarded
 */
public final class OpenInBackground<T extends AutoCloseable> {

    private final FutureTask<T> task;
    /** Guarded by this: set by whichever side comes first, so exactly one of them closes what nobody uses. */
    private boolean discarded;
    private T opened;

    private OpenInBackground(Callable<T> open) {
        this.task = new FutureTask<>(() -> {
            T value = open.call();
            synchronized (this) {
                if (!discarded) {
                    opened = value;
                    return value;
                }
            }
            closeQuietly(value);
            return null;
        });
    }

    /** Starts opening on a daemon thread named {@code threadName}. */
    public static <T extends AutoCloseable> OpenInBackground<T> start(String threadName, Callable<T> open) {
        OpenInBackground<T> pending = new OpenInBackground<>(open);
        Thread opener = new Thread(pending.task, threadName);
        opener.setDaemon(true);
        opener.start();
        return pending;
    }

    /** Waits for it; what opening threw is thrown here as it was (a checked exception wrapped). */
    public T take() throws InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Not needed after all: closes it now, or makes the helper close it when it arrives. */
    public void discard() {
        T unused;
        synchronized (this) {
            discarded = true;
            unused = opened;
        }
        if (unused != null) {
            closeQuietly(unused);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing of it is used; closing is a courtesy to the server
        }
    }
}
