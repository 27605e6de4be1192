package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.error.LockTimeoutException;
import dev.weave.error.StoreErrorException;
import dev.weave.spi.StoreConnection;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.Request;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 */
final class LeaseLock implements StoreConnection.Lock {

    static final String ID = "lock";
    private static final long POLL_MILLIS = 200;
    /** Bounds the release loop; each 409 that is still ours is a late write of ours, and there are few of those. */
    private static final int RELEASE_ATTEMPTS = 10;
    private static final long MIN_ANSWER_WAIT_MILLIS = 5_000;
    private static final long RETRY_PAUSE_MILLIS = 100;

    private final Cluster cluster;
    private final String index;
    private final Duration lease;
    private final String owner;
    private final ScheduledExecutorService renewal;
    private long seqNo;
    private long primaryTerm;
    private boolean held;
    private boolean lost;
    private Instant acquiredAt;
    /** An interrupt that arrived during {@link #close}'s release, handed back to the caller when it returns. */
    private boolean interruptedWhileReleasing;
    /** {@link System#nanoTime()} just before our last write of the lock document that succeeded. */
    private long lastWriteNanos;

    private LeaseLock(Cluster cluster, String index, Duration lease) {
        this.cluster = cluster;
        this.index = index;
        this.lease = lease;
        this.owner = ownerName();
        this.renewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weave-es-lock-renewal");
            t.setDaemon(true);
            return t;
        });
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
        lock.await(timeout, target);
        lock.renewal.scheduleWithFixedDelay(lock::renew, lease.toMillis() / 3, lease.toMillis() / 3, TimeUnit.MILLISECONDS);
        return lock;
    }

    private void await(Duration timeout, String target) {
        long deadline = System.nanoTime() + timeout.toNanos();
        LockDocument holder = null;
        while (true) {
            if (tryCreate()) {
                return;
            }
            String reading = "reading the lock " + index;
            RawResponse current = cluster.call(reading, bounded(new Request("GET", path())));
            JsonNode json = current.json();
            if (!current.ok() && !LedgerIndex.isMissingDocument(current, json)) {
                throw cluster.failed(reading, current);
            }
            if (json.path("found").asBoolean(false)) {
                holder = LockDocument.of(json.path("_source"));
                if (holder.expiresAt() < System.currentTimeMillis()
                        && tryTakeOver(json.path("_seq_no").asLong(), json.path("_primary_term").asLong())) {
                    return;
                }
            }
            if (System.nanoTime() >= deadline) {
                throw timedOut(target, timeout, holder);
            }
            sleep(Math.min(POLL_MILLIS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    private boolean tryCreate() {
        return take(new Request("PUT", "/" + index + "/_create/" + ID), "taking the lock " + index);
    }

    /** Replaces the expired document we read; a 409 means another waiter was faster (or the holder woke up). */
    private boolean tryTakeOver(long expiredSeqNo, long expiredTerm) {
        return take(guarded("PUT", expiredSeqNo, expiredTerm), "taking over the expired lock " + index);
    }

    /** Writes a fresh lock document with {@code write}; false when another runner's write won (409). */
    private boolean take(Request write, String doing) {
        long sent = System.nanoTime();
        write.setJsonEntity(document(Instant.now()).toJson());
        RawResponse written = cluster.call(doing, write);
        if (written.status() == 409) {
            return false;
        }
        if (!written.ok()) {
            throw cluster.failed(doing, written);
        }
        JsonNode json = written.json();
        taken(json.path("_seq_no").asLong(), json.path("_primary_term").asLong(), sent);
        return true;
    }

    private synchronized void taken(long seq, long term, long sentNanos) {
        this.seqNo = seq;
        this.primaryTerm = term;
        this.held = true;
        this.acquiredAt = Instant.now();
        this.lastWriteNanos = sentNanos;
    }

    /** Runs on the renewal thread. A conflict means our lease ran out and someone took over: we lost it. */
    private synchronized void renew() {
        if (!held) {
            return;
        }
        try {
            extend();
        } catch (IOException | RuntimeException e) {
            int status = ClientErrors.status(e);
            if (status == 409 || status == 404) {
                lost = true;
                held = false;
            }
            // anything else may pass: the next renewal tries again well before the lease ends
        }
    }

    /**
     * Writes a new lease end over our own last write (if_seq_no): fails if anyone else wrote in between, with
     * an {@link ErrorResponse} (409 then) when Elasticsearch refuses it, an I/O exception when it does not answer.
     * A 409 is not yet a loss: an earlier write of ours may have landed with its answer lost (a timeout, an I/O
     * error), leaving {@link #seqNo} stale. So the document is read again and, while its owner is still us
     * (owners are unique per acquisition, and a takeover writes its own), we adopt its version and write again.
     */
    private void extend() throws IOException {
        RawResponse written = writeLease();
        if (written.status() == 409 && adoptOwnVersion()) {
            written = writeLease();
        }
        if (!written.ok()) {
            throw new ErrorResponse(written);
        }
    }

    private RawResponse writeLease() throws IOException {
        long sent = System.nanoTime();
        LockDocument doc = new LockDocument(owner, acquiredAt.toString(), Instant.now().toString(),
                System.currentTimeMillis() + lease.toMillis());
        Request write = guarded("PUT", seqNo, primaryTerm);
        write.setJsonEntity(doc.toJson());
        RawResponse written = cluster.send(write);
        if (written.ok()) {
            JsonNode json = written.json();
            seqNo = json.path("_seq_no").asLong();
            primaryTerm = json.path("_primary_term").asLong();
            lastWriteNanos = sent;
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
        if (!held) {
            return; // abandoned for clean: nothing left to guard
        }
        if (System.nanoTime() - lastWriteNanos < lease.toNanos() / 3) {
            return;
        }
        try {
            extend();
        } catch (IOException | RuntimeException e) {
            int status = ClientErrors.status(e);
            if (status == 409 || status == 404) {
                lost = true;
                held = false;
                requireHeld();
            }
            throw cluster.lost("confirming the lock " + index + " before writing the ledger", e);
        }
    }

    /** Throws when the lease was lost, so nothing more runs under a lock that another runner now holds. */
    synchronized void requireHeld() {
        if (lost) {
            throw new StoreErrorException("lost the lock " + index + ": this run stalled for longer than the lease ("
                    + lease.toSeconds() + " s) and another runner took the lock over; run the command again", null);
        }
    }

    /** For clean: stops renewing before the lock index is deleted (a renewal would create it again). */
    synchronized void abandon() {
        held = false;
        renewal.shutdownNow();
    }

    /**
     * Releases the lock exactly: when this returns, the document is gone or provably someone else's. The
     * renewal is stopped without an interrupt (an interrupted renewal may have written the document with its
     * answer lost, leaving our sequence number stale), and taking the monitor waits for one in flight. A 409
     * on the guarded delete is then read again: if the document is still ours (a write of ours whose answer
     * was lost), it is deleted at its current version. The caller's interrupt is held back meanwhile: it
     * would abort the delete's request after sending it and leave us not knowing.
     */
    @Override
    public void close() {
        renewal.shutdown();
        boolean interrupted = Thread.interrupted();
        try {
            long seq;
            long term;
            synchronized (this) {
                if (!held) {
                    return;
                }
                held = false;
                seq = seqNo;
                term = primaryTerm;
            }
            release(seq, term);
        } finally {
            if (interrupted || interruptedWhileReleasing || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Deletes our document at the version we know; on a 409 at the version it has now while it is still ours.
     * Gives up only when Elasticsearch does not answer (then the lease runs out by itself and the next runner
     * takes the lock over), after a few tries with a short pause for answers like 503 or 429.
     */
    private void release(long seq, long term) {
        int unanswered = 0;
        for (int attempt = 0; attempt < RELEASE_ATTEMPTS; attempt++) {
            try {
                RawResponse deleted = cluster.send(guarded("DELETE", seq, term));
                if (deleted.ok() || deleted.status() == 404) {
                    return; // 404: cleaned away
                }
                if (deleted.status() != 409) {
                    pauseBeforeRetry(); // e.g. 503 while a shard recovers
                    continue;
                }
                Version own = ownVersion();
                if (own == null) {
                    return; // gone (an earlier delete of ours landed) or taken over after our lease ran out
                }
                seq = own.seqNo(); // a write of ours whose answer was lost
                term = own.primaryTerm();
            } catch (IOException | RuntimeException e) {
                if (Thread.interrupted()) {
                    interruptedWhileReleasing = true; // the client sets it again when it gave up waiting for an answer
                }
                if (++unanswered >= 3) {
                    return;
                }
                pauseBeforeRetry();
            }
        }
    }

    /** Pauses between release tries; an interrupt meanwhile is kept for close() to restore, not acted on. */
    private void pauseBeforeRetry() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            interruptedWhileReleasing = true;
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
        int millis = (int) Math.max(lease.toMillis(), MIN_ANSWER_WAIT_MILLIS);
        request.setOptions(request.getOptions().toBuilder().setRequestConfig(RequestConfig.custom()
                .setConnectTimeout(Math.min(millis, 5_000)).setSocketTimeout(millis).build()));
        return request;
    }

    private LockDocument document(Instant now) {
        return new LockDocument(owner, now.toString(), now.toString(), now.toEpochMilli() + lease.toMillis());
    }

    private LockTimeoutException timedOut(String target, Duration timeout, LockDocument holder) {
        String who = holder == null ? "another runner"
                : "another runner (" + holder.owner() + ", lease until " + Instant.ofEpochMilli(holder.expiresAt()) + ")";
        return new LockTimeoutException("target " + target + ": " + who + " holds the lock " + index + " on "
                + cluster.endpoint.address() + "; waited " + describe(timeout) + ". Wait for it to finish; a runner"
                + " that died loses the lock when its lease runs out (lockLease, " + describe(lease) + ")");
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** user@host, pid and a random part: unique per lock taken, readable by someone looking at the index. */
    private static String ownerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host + " pid " + ProcessHandle.current().pid() + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockTimeoutException("interrupted while waiting for the lock");
        }
    }
}
