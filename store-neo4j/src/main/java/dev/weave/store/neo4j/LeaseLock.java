package dev.weave.store.neo4j;

import dev.weave.error.LockTimeoutException;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.lease.Lease;
import dev.weave.spi.lease.LeaseRecord;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.ClientException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 *
 * <p>Acquiring with back-off, renewing, and releasing exactly are {@link Lease}'s, shared with every lease-locked
 * store; this class is the node's half ({@link LeaseRecord}) and the guards of the ledger writes.
 */
final class LeaseLock implements StoreConnection.Lock, LeaseRecord {

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
    private static final String HOLDER = "MATCH (l:" + LABEL + " {database: $database})"
            + " RETURN l.owner AS owner, l.leaseUntil AS leaseUntil";

    private final Driver driver;
    private final String database;
    private final String owner = Lease.newOwner();
    private final Duration leaseLength;
    /** Null only while {@link #acquire} has not returned yet. */
    private volatile Lease lease;
    private volatile String takenOverFrom;
    /** How often the renewal created the vanished lock node again; the connection restores the ledger then. */
    private final java.util.concurrent.atomic.AtomicInteger recreations = new java.util.concurrent.atomic.AtomicInteger();
    /** Set when Weave itself removes the lock (clean): a missing node is then no accident to repair. */
    private volatile boolean removedOnPurpose;

    private LeaseLock(Driver driver, String database, Duration leaseLength) {
        this.driver = driver;
        this.database = database;
        this.leaseLength = leaseLength;
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
        LeaseLock lock = new LeaseLock(driver, database, lease);
        lock.lease = Lease.acquire(lock, lease, timeout, "weave-neo4j-lock-renewal", holder -> new LockTimeoutException(
                "target " + target + ": another Weave run holds the lock on " + describe + holder
                        + " and kept it longer than the lock timeout (" + seconds(timeout) + "); wait for it to finish"
                        + " or raise --lock-timeout. A lock left by a run that died is taken over once its lease ("
                        + seconds(lease) + ") has run out"));
        return lock;
    }

    @Override
    public boolean tryTake() {
        return tryCreate() || tryTakeOver();
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

    /** Our node renewed, or created again where it vanished while our lease surely ran; lost otherwise. */
    @Override
    public Renewal renew() {
        try (Session session = session()) {
            Boolean held = session.executeWrite(tx -> {
                if (tx.run(RENEW, params()).single().get("held").asLong() > 0) {
                    return true;
                }
                if (recreateIfVanished(tx)) {
                    recreations.incrementAndGet();
                    return true;
                }
                return false;
            }, leaseBound());
            return held ? Renewal.RENEWED : Renewal.LOST; // lost: taken over after our lease ran out, or cleaned
        }
    }

    /** The delete is by owner, so trying it again is harmless. */
    @Override
    public Release releaseOnce() {
        try (Session session = session(); Transaction tx = session.beginTransaction(releaseBound())) {
            tx.run(RELEASE, params()).consume();
            tx.commit();
            return Release.DONE;
        }
    }

    @Override
    public String holder() {
        try (Session session = session()) {
            List<Record> rows = session.run(HOLDER, Values.parameters("database", database)).list();
            if (rows.isEmpty()) {
                return "";
            }
            Value until = rows.get(0).get("leaseUntil");
            return " (held by " + rows.get(0).get("owner").asString("?")
                    + (until.isNull() ? "" : ", lease until " + Instant.ofEpochMilli(until.asLong())) + ")";
        }
    }

    /**
     * In {@code tx}, after this runner's renewal matched no node: if there is no lock node at all and our lease
     * still runs (so no one can have taken it over), creates it again as ours and says true. The CREATE is under the
     * lock's uniqueness constraint, so it cannot sit beside another runner's node; false, and nothing written, when
     * the node is someone else's, when our lease may have run out, or when Weave removed the lock itself (clean).
     */
    boolean recreateIfVanished(org.neo4j.driver.SimpleQueryRunner tx) {
        Lease held = lease;
        if (held == null || removedOnPurpose || !held.surelyHeld()) {
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
        return Map.of("lockDatabase", database, "lockOwner", owner, "lockLease", leaseLength.toMillis());
    }

    /** Fails the transaction at hand unless the lock was {@code held} there (and not lost before). */
    void requireHeld(boolean held) {
        if (!held || lease.lost()) {
            lease.markLost();
            throw new LockLostException("the lock on database " + database + " is no longer held by this run"
                    + " (its lease of " + seconds(leaseLength) + " ran out and another runner took it over);"
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

    static String seconds(Duration d) {
        return Lease.describe(d);
    }

    @Override
    public void close() {
        lease.close();
    }

    /** The release's transaction: a lease at most (5 s at least), so a release never hangs on a stuck server. */
    private org.neo4j.driver.TransactionConfig releaseBound() {
        return org.neo4j.driver.TransactionConfig.builder().withTimeout(leaseLength.compareTo(Duration.ofSeconds(5)) < 0
                ? Duration.ofSeconds(5) : leaseLength).build();
    }

    /**
     * For the renewals: the server ends one that outlives the lease. A renewal write-locks the lock node; a
     * runner frozen part-way through one (a stopped process, a VM pause, a half-open connection) would
     * otherwise hold that node, and so keep every other runner from taking the lock over, until its
     * connection died, which can take hours. (A renewal that times out is simply tried again.)
     */
    private org.neo4j.driver.TransactionConfig leaseBound() {
        return org.neo4j.driver.TransactionConfig.builder().withTimeout(leaseLength).build();
    }

    private Map<String, Object> params() {
        return Map.of("database", database, "owner", owner, "lease", leaseLength.toMillis());
    }

    private Session session() {
        return driver.session(SessionConfig.forDatabase(database));
    }

    /** This run's lease ran out and another runner took the lock over. */
    static final class LockLostException extends RuntimeException {
        LockLostException(String message) {
            super(message);
        }
    }
}
