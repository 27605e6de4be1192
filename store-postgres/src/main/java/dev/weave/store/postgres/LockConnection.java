package dev.weave.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The advisory lock's own connection, opened on a helper thread while the working connection opens: each
 * costs a login (a SCRAM handshake is tens of milliseconds of CPU in a cold JVM), and one after the other
 * they were the largest fixed cost of a short migrate. Whoever does not use it closes it (see {@link #discard}).
 */
final class LockConnection {

    private final FutureTask<Connection> task;
    /** Guarded by this: once discarded, a connection that arrives later is closed by the helper itself. */
    private boolean discarded;
    private Connection opened;

    private LockConnection(PostgresEndpoint endpoint) {
        this.task = new FutureTask<>(() -> {
            Connection c = endpoint.open();
            synchronized (this) {
                if (!discarded) {
                    opened = c;
                    return c;
                }
            }
            close(c);
            return null;
        });
    }

    static LockConnection openInBackground(PostgresEndpoint endpoint) {
        LockConnection pending = new LockConnection(endpoint);
        Thread opener = new Thread(pending.task, "weave-pg-lock-connection");
        opener.setDaemon(true);
        opener.start();
        return pending;
    }

    /** The open connection; the same error as {@link PostgresEndpoint#open()} when it could not be opened. */
    Connection take() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.weave.api.LockTimeoutException("interrupted while opening the lock connection");
        }
    }

    /** Not needed after all: closes it now, or makes the helper close it when it arrives. */
    void discard() {
        Connection c;
        synchronized (this) {
            discarded = true;
            c = opened;
        }
        if (c != null) {
            close(c);
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing held on it yet
        }
    }
}
