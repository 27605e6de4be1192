package dev.weave.store.postgres;

import dev.weave.error.LockTimeoutException;
import dev.weave.spi.StoreConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One runner per database at a time: a session advisory lock held on a connection of its own. It dies
 * with its holder (the server drops it when the session ends), and because that connection stays idle,
 * a migration's {@code CREATE INDEX CONCURRENTLY} on the working connection cannot deadlock on it.
 */
final class AdvisoryLock implements StoreConnection.Lock {

    /** "Weav" in ASCII: the advisory lock class, so our keys do not collide with an application's. */
    private static final int LOCK_CLASS = 0x57656176;

    private final Connection connection;
    private final int key;

    private AdvisoryLock(Connection connection, int key) {
        this.connection = connection;
        this.key = key;
    }

    /** Takes the lock on {@code connection}, a connection of its own that it keeps (and closes) from now on. */
    static AdvisoryLock acquire(PostgresEndpoint endpoint, Connection connection, Duration timeout) {
        int key = (endpoint.schema() + "." + endpoint.table()).hashCode();
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        try {
            while (true) {
                if (tryLock(connection, key)) {
                    return new AdvisoryLock(connection, key);
                }
                if (System.nanoTime() >= deadline) {
                    String holder = holder(connection, key);
                    connection.close();
                    throw new LockTimeoutException("target " + endpoint.target() + ": another Weave run holds the lock on "
                            + endpoint.address() + holder + " and kept it longer than the lock timeout ("
                            + timeout.toSeconds() + " s); wait for it to finish or raise --lock-timeout");
                }
                long remaining = (deadline - System.nanoTime()) / 1_000_000;
                Thread.sleep(Math.max(1, Math.min(pause, remaining)));
                pause = Math.min(pause * 2, 1000);
            }
        } catch (SQLException e) {
            close(connection);
            throw new dev.weave.error.StoreErrorException("cannot take the advisory lock on " + endpoint.address() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(connection);
            throw new LockTimeoutException("target " + endpoint.target() + ": interrupted while waiting for the lock");
        }
    }

    private static boolean tryLock(Connection c, int key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** " (held by session pid 1234 from 10.0.0.5 since ...)": helps find the other runner. */
    private static String holder(Connection c, int key) {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.pid, a.client_addr, a.backend_start FROM pg_locks l "
                + "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                + "AND l.classid = ?::oid AND l.objid = ?::oid AND l.objsubid = 2 "
                + "AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()) LIMIT 1")) {
            ps.setLong(1, Integer.toUnsignedLong(LOCK_CLASS));
            ps.setLong(2, Integer.toUnsignedLong(key));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return " (held by session pid " + rs.getInt(1)
                            + (rs.getString(2) == null ? "" : " from " + rs.getString(2))
                            + " since " + rs.getTimestamp(3).toInstant() + ")";
                }
            }
        } catch (SQLException ignored) {
            // the holder is a courtesy in the message; the timeout itself is what matters
        }
        return "";
    }

    @Override
    public void close() {
        boolean released = false;
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, key);
            try (var rs = ps.executeQuery()) {
                released = rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException ignored) {
            // ended below
        } finally {
            if (!released) {
                abort(connection);
            }
            close(connection);
        }
    }

    /**
     * Ends the session itself, which is what frees a lock that could not be unlocked. A plain close would not
     * do it for a connection borrowed from the application's pool: the session, and the lock, would live on.
     */
    private static void abort(Connection c) {
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // closed below
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
