package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.error.LockTimeoutException;
import dev.weave.error.StoreErrorException;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.lease.Lease;
import dev.weave.spi.lease.LeaseRecord;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.Request;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A target's lock: one document (id {@code lock}) in the lock index, holding an owner and a lease.
 *
 * <ul>
 *   <li>Taking it: create the document with {@code op_type=create}; only one runner's create succeeds.</li>
 *   <li>Holding it: a background thread renews the lease every third of its length, writing with
 *       {@code if_seq_no}/{@code if_primary_term} of its own last write, so a renewal can never overwrite a
 *       lock someone else has taken.</li>
 *   <li>A dead holder: once its lease has expired, a waiter replaces the document with
 *       {@code if_seq_no}/{@code if_primary_term} of the expired version it read; of several waiters exactly
 *       one wins (there is no check-then-write gap).</li>
 *   <li>Releasing it: delete the document, again guarded by our sequence number; on a conflict read it again
 *       and delete it at its current version while it is still ours (see {@link #close}).</li>
 * </ul>
 *
 * <p>Waiting with back-off, the renewal thread and the exact release's retries are {@link Lease}'s, shared with
 * every lease-locked store; this class is the document's half ({@link LeaseRecord}) and the check before a
 * ledger write.
 */
final class LeaseLock implements StoreConnection.Lock, LeaseRecord {

    static final String ID = "lock";
    private static final long MIN_ANSWER_WAIT_MILLIS = 5_000;

    private final Cluster cluster;
    private final String index;
    private final Duration leaseLength;
    private final String owner = Lease.newOwner();
    /** Null only while {@link #acquire} has not returned yet. */
    private volatile Lease lease;
    private long seqNo;
    private long primaryTerm;
    private Instant acquiredAt;
    /** Set for clean, which removes the lock index with the rest: nothing is left to guard. */
    private volatile boolean abandoned;

    private LeaseLock(Cluster cluster, String index, Duration leaseLength) {
        this.cluster = cluster;
        this.index = index;
        this.leaseLength = leaseLength;
    }

    /** Takes the lock, waiting up to {@code timeout} for a live holder to let go or a dead one's lease to run out. */
    static LeaseLock acquire(Cluster cluster, OwnIndices own, String index, Duration lease, Duration timeout, String target) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("owner", OwnIndices.keyword());
        p.put("acquired_at", OwnIndices.date());
        p.put("renewed_at", OwnIndices.date());
        p.put("expires_at", OwnIndices.longNumber());
        own.ensure(index, p);
        LeaseLock lock = new LeaseLock(cluster, index, lease);
        lock.lease = Lease.acquire(lock, lease, timeout, "weave-es-lock-renewal", holder -> new LockTimeoutException(
                "target " + target + ": another runner" + holder + " holds the lock " + index + " on "
                        + cluster.endpoint.address() + "; waited " + Lease.describe(timeout) + ". Wait for it to finish;"
                        + " a runner that died loses the lock when its lease runs out (lockLease, "
                        + Lease.describe(lease) + ")"));
        return lock;
    }

    /** Creates the document, or replaces it at the expired version read; a 409 means another runner was faster. */
    @Override
    public boolean tryTake() {
        if (take(new Request("PUT", "/" + index + "/_create/" + ID), "taking the lock " + index)) {
            return true;
        }
        String reading = "reading the lock " + index;
        RawResponse current = cluster.call(reading, bounded(new Request("GET", path())));
        JsonNode json = current.json();
        if (!current.ok() && !LedgerIndex.isMissingDocument(current, json)) {
            throw cluster.failed(reading, current);
        }
        return json.path("found").asBoolean(false)
                && LockDocument.of(json.path("_source")).expiresAt() < System.currentTimeMillis()
                && take(guarded("PUT", json.path("_seq_no").asLong(), json.path("_primary_term").asLong()),
                        "taking over the expired lock " + index);
    }

    @Override
    public String holder() {
        RawResponse current = cluster.call("reading the lock " + index, bounded(new Request("GET", path())));
        JsonNode json = current.json();
        if (!current.ok() || !json.path("found").asBoolean(false)) {
            return "";
        }
        LockDocument holder = LockDocument.of(json.path("_source"));
        return " (" + holder.owner() + ", lease until " + Instant.ofEpochMilli(holder.expiresAt()) + ")";
    }

    /** Writes a fresh lock document with {@code write}; false when another runner's write won (409). */
    private boolean take(Request write, String doing) {
        long sent = System.nanoTime();
        Instant now = Instant.now();
        write.setJsonEntity(new LockDocument(owner, now.toString(), now.toString(),
                now.toEpochMilli() + leaseLength.toMillis()).toJson());
        RawResponse written = cluster.call(doing, write);
        if (written.status() == 409) {
            return false;
        }
        if (!written.ok()) {
            throw cluster.failed(doing, written);
        }
        JsonNode json = written.json();
        synchronized (this) {
            seqNo = json.path("_seq_no").asLong();
            primaryTerm = json.path("_primary_term").asLong();
            acquiredAt = Instant.now();
        }
        return true;
    }

    /** On the renewal thread. A conflict or a missing document means our lease ran out and someone took over. */
    @Override
    public synchronized Renewal renew() {
        try {
            extend(System.nanoTime());
            return Renewal.RENEWED;
        } catch (IOException | RuntimeException e) {
            int status = ClientErrors.status(e);
            if (status == 409 || status == 404) {
                return Renewal.LOST;
            }
            throw e instanceof RuntimeException r ? r : new java.io.UncheckedIOException((IOException) e);
        }
    }

    /**
     * Writes a new lease end over our own last write (if_seq_no): fails if anyone else wrote in between, with
     * an {@link ErrorResponse} (409 then) when Elasticsearch refuses it, an I/O exception when it does not answer.
     * A 409 is not yet a loss: an earlier write of ours may have landed with its answer lost (a timeout, an I/O
     * error), leaving {@link #seqNo} stale. So the document is read again and, while its owner is still us
     * (owners are unique per acquisition, and a takeover writes its own), we adopt its version and write again.
     */
    private void extend(long sent) throws IOException {
        RawResponse written = writeLease();
        if (written.status() == 409 && adoptOwnVersion()) {
            written = writeLease();
        }
        if (!written.ok()) {
            throw new ErrorResponse(written);
        }
        Lease held = lease;
        if (held != null) {
            held.extendedAt(sent);
        }
    }

    private RawResponse writeLease() throws IOException {
        LockDocument doc = new LockDocument(owner, acquiredAt.toString(), Instant.now().toString(),
                System.currentTimeMillis() + leaseLength.toMillis());
        Request write = guarded("PUT", seqNo, primaryTerm);
        write.setJsonEntity(doc.toJson());
        RawResponse written = cluster.send(write);
        if (written.ok()) {
            JsonNode json = written.json();
            seqNo = json.path("_seq_no").asLong();
            primaryTerm = json.path("_primary_term").asLong();
        }
        return written;
    }

    /**
     * Re-reads the lock document after a 409 on our own guarded write: true (and {@link #seqNo} /
     * {@link #primaryTerm} updated) when it is still ours, false when it is gone or someone else's.
     */
    private boolean adoptOwnVersion() throws IOException {
        Version own = ownVersion();
        if (own == null) {
            return false;
        }
        seqNo = own.seqNo();
        primaryTerm = own.primaryTerm();
        return true;
    }

    /**
     * The lock document's current version if its owner is still us, null if it is gone or someone else's.
     * Any other answer proves nothing either way and is thrown (an {@link ErrorResponse} of that status, neither
     * 404 nor 409), so a GET that fails is not mistaken for a lost lock.
     */
    private Version ownVersion() throws IOException {
        RawResponse current = cluster.send(bounded(new Request("GET", path())));
        JsonNode json = current.json();
        if (current.status() == 404) {
            return null; // no such document, or no lock index any more (clean)
        }
        if (!current.ok()) {
            throw new ErrorResponse(current);
        }
        if (!json.path("found").asBoolean(false) || !owner.equals(LockDocument.of(json.path("_source")).owner())) {
            return null;
        }
        return new Version(json.path("_seq_no").asLong(), json.path("_primary_term").asLong());
    }

    private record Version(long seqNo, long primaryTerm) {
    }

    /**
     * Right before a ledger write: throws unless this run still holds the lock with most of a lease ahead.
     * The renewal thread's flag is not enough: a run paused past its lease (a long GC pause, a stopped
     * process) wakes up with the flag still clear and would record a migration that the runner which took
     * the lock over is applying too. So unless our last successful write of the lock document was sent less
     * than a third of the lease ago (on the monotonic clock, which keeps running while the process is
     * stopped), the lease is renewed now, and a conflict means it was lost. Either way at least two thirds of
     * a lease are left for the write; skipping the renewal in the common case saves one request per migration.
     */
    synchronized void confirmHeld() {
        requireHeld();
        if (abandoned || lease.sinceLastExtended().compareTo(leaseLength.dividedBy(3)) < 0) {
            return;
        }
        try {
            extend(System.nanoTime());
        } catch (IOException | RuntimeException e) {
            int status = ClientErrors.status(e);
            if (status == 409 || status == 404) {
                lease.markLost();
                requireHeld();
            }
            throw cluster.lost("confirming the lock " + index + " before writing the ledger", e);
        }
    }

    /** Throws when the lease was lost, so nothing more runs under a lock that another runner now holds. */
    void requireHeld() {
        if (lease.lost()) {
            throw new StoreErrorException("lost the lock " + index + ": this run stalled for longer than the lease ("
                    + leaseLength.toSeconds() + " s) and another runner took the lock over; run the command again", null);
        }
    }

    /** For clean: stops renewing before the lock index is deleted (a renewal would create it again). */
    void abandon() {
        abandoned = true;
        lease.abandon();
    }

    @Override
    public void close() {
        lease.close();
    }

    /**
     * Deletes our document at the version we know; on a 409 reads it again and, while it is still ours (a write of
     * ours whose answer was lost), deletes it at the version it has now.
     */
    @Override
    public synchronized Release releaseOnce() {
        if (lease.lost()) {
            return Release.DONE; // someone else's now
        }
        try {
            RawResponse deleted = cluster.send(guarded("DELETE", seqNo, primaryTerm));
            if (deleted.ok() || deleted.status() == 404) {
                return Release.DONE; // 404: cleaned away
            }
            if (deleted.status() != 409) {
                return Release.AGAIN_AFTER_PAUSE; // e.g. 503 while a shard recovers
            }
            Version own = ownVersion();
            if (own == null) {
                return Release.DONE; // gone (an earlier delete of ours landed) or taken over after our lease ran out
            }
            seqNo = own.seqNo();
            primaryTerm = own.primaryTerm();
            return Release.AGAIN;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code /<lock index>/_doc/lock}. */
    private String path() {
        return "/" + index + "/_doc/" + ID;
    }

    /** A request on the lock document that Elasticsearch refuses (409) unless it is still at {@code seq}/{@code term}. */
    private Request guarded(String method, long seq, long term) {
        Request request = bounded(new Request(method, path()));
        request.addParameter("if_seq_no", String.valueOf(seq));
        request.addParameter("if_primary_term", String.valueOf(term));
        return request;
    }

    /**
     * A lock request waits for its answer at most a lease (5 s at least), not the migrations' 10 minutes: the
     * release waits for a renewal in flight instead of interrupting it, and a renewal slower than a lease is
     * worth nothing anyway. An answer lost to this timeout is what {@link #adoptOwnVersion} recovers from.
     */
    private Request bounded(Request request) {
        int millis = (int) Math.max(leaseLength.toMillis(), MIN_ANSWER_WAIT_MILLIS);
        request.setOptions(request.getOptions().toBuilder().setRequestConfig(RequestConfig.custom()
                .setConnectTimeout(Math.min(millis, 5_000)).setSocketTimeout(millis).build()));
        return request;
    }
}
