package dev.weave.engine;

import dev.weave.spi.OpenInBackground;
import dev.weave.spi.StoreConnection;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Connects to a target's store on a helper thread while this thread reads and checksums the target's
 * files: a cold JVM spends hundreds of milliseconds on a first connection, and a long history about as long
 * on its files. A problem with the files is thrown at once, as if they had been read first (the connection is
 * closed when it arrives); a store problem only once the files are known to be good.
 */
final class ConnectWhileReading {

    private ConnectWhileReading() {
    }

    /** An open connection and what {@code first} returned on it; closing it closes the connection. */
    record Opened<T>(StoreConnection connection, T value) implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
        }
    }

    /**
     * Connects and runs {@code first} on the connection (work that may go before the files are known, such as
     * reading the ledger) while the files are read here; {@code toLock} when the caller takes the lock next.
     * The caller closes the returned connection.
     */
    static <T> Opened<T> open(TargetContext ctx, boolean toLock, Function<StoreConnection, T> first) {
        return open(ctx, toLock ? ctx::connectToLock : ctx::connect, first);
    }

    /** The same with a connection of the caller's choice, e.g. {@link TargetContext#connectToMigrate}. */
    static <T> Opened<T> open(TargetContext ctx, Supplier<StoreConnection> connect, Function<StoreConnection, T> first) {
        OpenInBackground<Opened<T>> connecting = OpenInBackground.start("weave-connect-" + ctx.name(), () -> {
            StoreConnection connection = connect.get();
            try {
                return new Opened<>(connection, first.apply(connection));
            } catch (RuntimeException | Error e) {
                connection.close();
                throw e;
            }
        });
        try {
            ctx.files();
        } catch (RuntimeException | Error e) {
            connecting.discard();
            throw e;
        }
        try {
            return connecting.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to the store", e);
        }
    }
}
