package dev.weave.engine;

import dev.weave.spi.StoreConnection;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Connects to a target's store on a helper thread while this thread reads and checksums the target's
 * files: a cold JVM spends hundreds of milliseconds on a first connection, and a long history about as long
 * on its files. A problem with the files is thrown at once, as if they had been read first (the helper
 * closes its connection when it gets one); a store problem only once the files are known to be good.
 */
final class ConnectWhileReading<T> {

    /** An open connection and what {@code first} returned on it. */
    record Opened<T>(StoreConnection connection, T value) {
    }

    private final FutureTask<Opened<T>> task;
    /** Guarded by this: set by whichever comes first, so exactly one side closes a connection nobody uses. */
    private boolean abandoned;
    private Opened<T> handedOver;

    private ConnectWhileReading(TargetContext ctx, boolean toLock, Function<StoreConnection, T> first) {
        this.task = new FutureTask<>(() -> {
            StoreConnection connection = toLock ? ctx.connectToLock() : ctx.connect();
            try {
                T value = first.apply(connection);
                synchronized (this) {
                    if (!abandoned) {
                        handedOver = new Opened<>(connection, value);
                        return handedOver;
                    }
                }
            } catch (RuntimeException | Error e) {
                connection.close();
                throw e;
            }
            connection.close(); // the files were bad: nobody will use it
            return null;
        });
    }

    /**
     * Connects and runs {@code first} on the connection (work that may go before the files are known, such as
     * reading the ledger) while the files are read here; {@code toLock} when the caller takes the lock next.
     * The caller closes the returned connection.
     */
    static <T> Opened<T> open(TargetContext ctx, boolean toLock, Function<StoreConnection, T> first) {
        ConnectWhileReading<T> c = new ConnectWhileReading<>(ctx, toLock, first);
        Thread connector = new Thread(c.task, "weave-connect-" + ctx.name());
        connector.setDaemon(true);
        connector.start();
        try {
            ctx.files();
        } catch (RuntimeException | Error e) {
            c.abandon();
            throw e;
        }
        return c.await();
    }

    private void abandon() {
        Opened<T> unused;
        synchronized (this) {
            abandoned = true;
            unused = handedOver;
        }
        if (unused != null) {
            unused.connection().close();
        }
    }

    private Opened<T> await() {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to the store", e);
        }
    }
}
