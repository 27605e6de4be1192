package dev.weave.store.neo4j;

import dev.weave.error.LockTimeoutException;
import dev.weave.spi.StoreConnection;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One runner per database: a {@code (:__WeaveLock {database})} node under a uniqueness constraint, with an
 * owner and a lease ({@code leaseUntil}, the server's clock in ms) that a background thread renews while
 * the lock is held. Neo4j has no session locks that die with their holder, so a holder that dies simply
 * stops renewing, and once its lease has run out the next runner takes the node over.
 *
 * <p>Optimistic, no check-then-write: taking a free lock is a CREATE that the constraint lets only one
 * runner win; taking over an expired one first write-locks the node, then re-checks the lease under that
 * lock, so two runners taking over the same stale lock cannot both succeed. Every ledger write of the
 * holder checks ownership in its own transaction ({@link #assertHeld}), so a runner whose lease was taken
 * over cannot record anything any more.
 *
 * <p>A lock node that is simply gone (a migration ran {@code MATCH (n) DETACH DELETE n}) is not a takeover: a
 * takeover leaves the node there under another owner. While this runner's lease is known to be running, no one
 * can have taken the lock over, so the node is created again ({@link #recreateIfVanished}, under the same
 * constraint that guards a first CREATE) and the run carries on. Once the lease may have run out, a missing
 * node counts as lost, as before: another runner may have taken it over and released it since.
 */
final class LeaseLock implements StoreConnection.Lock {

    static final String LABEL = "__WeaveLock";
    static final String CONSTRAINT = "__weave_lock_database";

    private static final String CREATE = "CREATE (l:" + LABEL + " {database: $database, owner: $owner, since: datetime(),"
            + " leaseUntil: timestamp() + $lease})";
    /** Write-locks the node first (the SET), so the WHERE reads the lease as the last committer left it. */
    private static final String TAKE_OVER = "MATCH (l:" + LABEL + " {database: $database}) SET l.claimedBy = $owner"
            + " WITH l WHERE l.leaseUntil < timestamp()"
            + " WITH l, l.owner AS previous"
            + " SET l.owner = $owner, l.since = datetime(), l.leaseUntil = timestamp() + $lease, l.takenOverFrom = previous"
            + " REMOVE l.claimedBy RETURN previous";
    private static final String RENEW = "MATCH (l:" + LABEL + " {database: $database, owner: $owner})"
            + " SET l.leaseUntil = timestamp() + $lease RETURN count(l) AS held";
    private static final String RELEASE = "MATCH (l:" + LABEL + " {database: $database, owner: $owner}) DELETE l";
    private static final int RELEASE_ATTEMPTS = 3;
    private static final long RETRY_PAUSE_MILLIS = 200;
    private static final String HOLDER = "MATCH (l:" + LABEL + " {database: $database})"
            + " RETURN l.owner AS owner, l.leaseUntil AS leaseUntil";

    private final Driver driver;
    private final String database;
    private final String owner;
    private final Duration lease;
    private final ScheduledExecutorService renewal;
    private volatile boolean lost;
    private volatile String takenOverFrom;
    /** Until when (System.nanoTime) our lease surely runs: measured from before the write that last set it. */
    private volatile long leaseSureUntil;
    /** How often the renewal created the vanished lock node again; the connection restores the ledger then. */
    private final java.util.concurrent.atomic.AtomicInteger recreations = new java.util.concurrent.atomic.AtomicInteger();
    /** Set when Weave itself removes the lock (clean): a missing node is then no accident to repair. */
    private volatile boolean removedOnPurpose;
    /** Set by {@link #close} under the monitor: no renewal runs after it. */
    private boolean released;
    /** An interrupt that arrived during {@link #close}'s delete, handed back to the caller when it returns. */
    private boolean interruptedWhileReleasing;

    private LeaseLock(Driver driver, String database, String owner, Duration lease) {
        this.driver = driver;
        this.database = database;
        this.owner = owner;
        this.lease = lease;
        this.renewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weave-neo4j-lock-renewal");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the lock, waiting up to {@code timeout} for a live holder to release it or for a dead holder's
     * lease to run out.
     *
     * @param describe where the lock is, for the timeout message
     */
    static LeaseLock acquire(Driver driver, String database, Duration lease, Duration timeout, String target, String describe) {
        Constraints.ensure(driver, database, CONSTRAINT,
                "CREATE CONSTRAINT " + CONSTRAINT + " IF NOT EXISTS FOR (l:" + LABEL + ") REQUIRE l.database IS UNIQUE");
        LeaseLock lock = new LeaseLock(driver, database, Owner.next(), lease);
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (true) {
            long attempt = System.nanoTime();
            if (lock.tryCreate() || lock.tryTakeOver()) {
                lock.leaseSureUntil = attempt + lease.toNanos();
                lock.startRenewing();
                return lock;
            }
            if (System.nanoTime() >= deadline) {
                throw lock.timeout(timeout, target, describe);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockTimeoutException("target " + target + ": interrupted while waiting for the lock");
            }
            pause = Math.min(pause * 2, 500);
        }
    }

    private boolean tryCreate() {
        try (Session session = session()) {
            session.executeWriteWithoutResult(tx -> tx.run(CREATE, params()).consume());
            return true;
        } catch (ClientException e) {
            if ("Neo.ClientError.Schema.ConstraintValidationFailed".equals(e.code())) {
                return false; // someone holds it
            }
            throw e;
        }
    }

    private boolean tryTakeOver() {
        try (Session session = session(); Transaction tx = session.beginTransaction()) {
            List<Record> taken = tx.run(TAKE_OVER, params()).list();
            if (taken.isEmpty()) {
                tx.rollback(); // the lease is still running (or the node is gone: the next CREATE tries again)
                return false;
            }
            tx.commit();
            takenOverFrom = taken.get(0).get("previous").asString(null);
            return true;
        }
    }

    private void startRenewing() {
        long every = Math.max(100, lease.toMillis() / 3);
        renewal.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs on the renewal thread, under the monitor that {@link #close} takes, so a release never runs beside a
     * renewal and no renewal runs after it.
     */
    private synchronized void renew() {
        if (lost || released) {
            return;
        }
        long attempt = System.nanoTime();
        try (Session session = session()) {
            Renewal done = session.executeWrite(tx -> tx.run(RENEW, params()).single().get("held").asLong() > 0
                    ? Renewal.RENEWED : recreateIfVanished(tx) ? Renewal.RECREATED : Renewal.LOST, leaseBound());
            if (done == Renewal.LOST) {
                lost = true; // taken over after our lease ran out, or removed by clean
            } else {
                leaseSureUntil = attempt + lease.toNanos();
                if (done == Renewal.RECREATED) {
                    recreations.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            // a network hiccup: try again at the next tick, the lease still runs (and an exception
            // escaping here would cancel every later renewal)
        }
    }

    private enum Renewal { RENEWED, RECREATED, LOST }

    /**
     * In {@code tx}, after this runner's renewal matched no node: if there is no lock node at all and our lease
     * still runs (so no one can have taken it over), creates it again as ours and says true. The CREATE is under the
     * lock's uniqueness constraint, so it cannot sit beside another runner's node; false, and nothing written, when
     * the node is someone else's, when our lease may have run out, or when Weave removed the lock itself (clean).
     */
    boolean recreateIfVanished(org.neo4j.driver.SimpleQueryRunner tx) {
        if (lost || removedOnPurpose || System.nanoTime() - leaseSureUntil >= 0) {
            return false;
        }
        List<Record> holder = tx.run(HOLDER, Values.parameters("database", database)).list();
        if (!holder.isEmpty()) {
            return owner.equals(holder.get(0).get("owner").asString(null)); // ours: a renewal beside us recreated it
        }
        tx.run(CREATE + " SET l.recreated = true", params()).consume();
        return true;
    }

    /** How often the renewal has recreated a vanished lock node so far. */
    int recreations() {
        return recreations.get();
    }

    /** Weave removes the lock node itself now (clean): from here on a missing node is not created again. */
    void removingOnPurpose() {
        removedOnPurpose = true;
    }

    /**
     * Run inside a ledger-writing transaction: renews the lease and fails that transaction unless this
     * runner still owns the lock. The renewal write-locks the node, so a takeover cannot slip in before
     * the commit.
     */
    void assertHeld(Transaction tx) {
        requireHeld(tx.run(RENEW, params()).single().get("held").asLong() > 0 || recreateIfVanished(tx));
    }

    /**
     * {@link #assertHeld}'s renewal as the head of the statement that writes a ledger entry (one round trip per
     * migration instead of two): it renews the lease, write-locking the node, and lets one row through to the rest
     * of the statement only while this runner owns the lock. Parameters: {@link #guardParams()}; then
     * {@link #requireHeld} with whether a row came through.
     */
    static final String HELD_GUARD = "MATCH (l:" + LABEL + " {database: $lockDatabase, owner: $lockOwner})"
            + " SET l.leaseUntil = timestamp() + $lockLease WITH count(l) AS held WHERE held > 0 ";

    Map<String, Object> guardParams() {
        return Map.of("lockDatabase", database, "lockOwner", owner, "lockLease", lease.toMillis());
    }

    /** Fails the transaction at hand unless the lock was {@code held} there (and not lost before). */
    void requireHeld(boolean held) {
        if (!held || lost) {
            lost = true;
            throw new LockLostException("the lock on database " + database + " is no longer held by this run"
                    + " (its lease of " + seconds(lease) + " ran out and another runner took it over);"
                    + " nothing more is recorded by this run");
        }
    }

    String owner() {
        return owner;
    }

    /** The owner whose expired lease this lock took over, if any. */
    String takenOverFrom() {
        return takenOverFrom;
    }

    private LockTimeoutException timeout(Duration timeout, String target, String describe) {
        String holder = "";
        try (Session session = session()) {
            List<Record> rows = session.run(HOLDER, Values.parameters("database", database)).list();
            if (!rows.isEmpty()) {
                Value until = rows.get(0).get("leaseUntil");
                holder = " (held by " + rows.get(0).get("owner").asString("?")
                        + (until.isNull() ? "" : ", lease until " + Instant.ofEpochMilli(until.asLong())) + ")";
            }
        } catch (Neo4jException ignored) {
            // the holder is a courtesy in the message; the timeout itself is what matters
        }
        return new LockTimeoutException("target " + target + ": another Weave run holds the lock on " + describe + holder
                + " and kept it longer than the lock timeout (" + seconds(timeout) + "); wait for it to finish"
                + " or raise --lock-timeout. A lock left by a run that died is taken over once its lease ("
                + seconds(lease) + ") has run out");
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * Releases the lock exactly: when this returns, the node is gone or someone else's (or the server could not
     * be reached three times: then the lease runs out by itself). The renewal is stopped without an interrupt,
     * which would reach the driver mid-transaction and kill the connection under it, and a renewal in flight is
     * waited for on the monitor. The caller's interrupt is held back meanwhile (the driver would abandon the
     * delete for it) and handed back after. The delete is by owner, so trying it again is harmless.
     */
    @Override
    public void close() {
        renewal.shutdown();
        boolean interrupted = Thread.interrupted();
        try {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            delete();
        } finally {
            if (interrupted || interruptedWhileReleasing || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void delete() {
        for (int attempt = 1; ; attempt++) {
            try (Session session = session(); Transaction tx = session.beginTransaction(releaseBound())) {
                tx.run(RELEASE, params()).consume();
                tx.commit();
                return;
            } catch (Neo4jException | IllegalStateException e) {
                if (Thread.interrupted()) {
                    interruptedWhileReleasing = true;
                }
                if (attempt == RELEASE_ATTEMPTS) {
                    return; // unreachable now: the lease runs out and the next runner takes the lock over
                }
                try {
                    Thread.sleep(RETRY_PAUSE_MILLIS);
                } catch (InterruptedException again) {
                    interruptedWhileReleasing = true;
                }
            }
        }
    }

    /** The release's transaction: a lease at most (5 s at least), so a release never hangs on a stuck server. */
    private org.neo4j.driver.TransactionConfig releaseBound() {
        return org.neo4j.driver.TransactionConfig.builder().withTimeout(lease.compareTo(Duration.ofSeconds(5)) < 0
                ? Duration.ofSeconds(5) : lease).build();
    }

    /**
     * For the renewals: the server ends one that outlives the lease. A renewal write-locks the lock node; a
     * runner frozen part-way through one (a stopped process, a VM pause, a half-open connection) would
     * otherwise hold that node, and so keep every other runner from taking the lock over, until its
     * connection died, which can take hours. (A renewal that times out is simply tried again.)
     */
    private org.neo4j.driver.TransactionConfig leaseBound() {
        return org.neo4j.driver.TransactionConfig.builder().withTimeout(lease).build();
    }

    private Map<String, Object> params() {
        return Map.of("database", database, "owner", owner, "lease", lease.toMillis());
    }

    private Session session() {
        return driver.session(SessionConfig.forDatabase(database));
    }

    /** Who holds a lock, for people reading the node or the timeout message: user, host, pid and a run id. */
    static final class Owner {
        private Owner() {
        }

        static String next() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException e) {
                    host = "unknown-host";
                }
            }
            return "weave " + System.getProperty("user.name", "?") + "@" + host + " pid " + ProcessHandle.current().pid()
                    + " run " + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    /** This run's lease ran out and another runner took the lock over. */
    static final class LockLostException extends RuntimeException {
        LockLostException(String message) {
            super(message);
        }
    }
}
