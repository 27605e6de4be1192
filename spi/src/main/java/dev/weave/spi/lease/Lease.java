package dev.weave.spi.lease;

import dev.weave.error.LockTimeoutException;
import dev.weave.spi.StoreConnection;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A lock for stores without session locks that die with their holder (Neo4j, Elasticsearch): a record with an
 * owner and a lease that a background thread renews every third of the lease while the lock is held. A holder that
 * dies stops renewing, and once its lease has run out the next runner takes the record over. This is the part
 * every such store shares; the record's conditional writes are the store's {@link LeaseRecord}.
 *
 * <ul>
 *   <li>Acquire: {@link LeaseRecord#tryTake} until it succeeds or the lock timeout passes, backing off from 50 ms
 *       to 500 ms.</li>
 *   <li>Renew: under this object's monitor, so a release never runs beside a renewal and none runs after it. A
 *       renewal that throws is tried again at the next tick; one that finds the record gone or taken marks the
 *       lease {@link #lost()}.</li>
 *   <li>Release exactly: the renewal is stopped without an interrupt (an interrupted write may land with its answer
 *       lost), a renewal in flight is waited for, the caller's interrupt is held back during the delete (a client
 *       would abandon the request for it) and handed back after.</li>
 * </ul>
 */
public final class Lease implements StoreConnection.Lock {

    private static final int RELEASE_ATTEMPTS = 10;
    private static final int UNANSWERED_RELEASES = 3;
    private static final long RETRY_PAUSE_MILLIS = 150;

    private final LeaseRecord record;
    private final Duration length;
    private final ScheduledExecutorService renewal;
    private volatile boolean lost;
    /** Until when ({@link System#nanoTime}) our lease surely runs: from just before the write that last set it. */
    private volatile long surelyHeldUntil;
    /** Set by {@link #close} or {@link #abandon} under the monitor: no renewal runs after it. */
    private boolean released;
    private boolean interruptedWhileReleasing;

    private Lease(LeaseRecord record, Duration length, String threadName) {
        this.record = record;
        this.length = length;
        this.renewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the lock, waiting up to {@code timeout} for a live holder to release it or a dead one's lease to run
     * out, then renews it until closed.
     *
     * @param timedOut the message when the timeout passes, given who holds the lock ({@link LeaseRecord#holder})
     */
    public static Lease acquire(LeaseRecord record, Duration length, Duration timeout, String threadName,
                                Function<String, LockTimeoutException> timedOut) {
        Lease lease = new Lease(record, length, threadName);
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (true) {
            long attempt = System.nanoTime();
            if (record.tryTake()) {
                lease.surelyHeldUntil = attempt + length.toNanos();
                long every = Math.max(25, length.toMillis() / 3);
                lease.renewal.scheduleWithFixedDelay(lease::renew, every, every, TimeUnit.MILLISECONDS);
                return lease;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String holder;
                try {
                    holder = record.holder();
                } catch (RuntimeException e) {
                    holder = ""; // the holder is a courtesy in the message; the timeout is what matters
                }
                throw timedOut.apply(holder);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pause, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockTimeoutException("interrupted while waiting for the lock");
            }
            pause = Math.min(pause * 2, 500);
        }
    }

    private synchronized void renew() {
        if (lost || released) {
            return;
        }
        long attempt = System.nanoTime();
        try {
            if (record.renew() == LeaseRecord.Renewal.LOST) {
                lost = true;
            } else {
                surelyHeldUntil = attempt + length.toNanos();
            }
        } catch (RuntimeException e) {
            // no answer: the next tick tries again while the lease still runs (an exception escaping here would
            // cancel every later renewal)
        }
    }

    /** A write of the record's half that extended our lease outside the renewal thread, sent at {@code sentNanos}. */
    public void extendedAt(long sentNanos) {
        surelyHeldUntil = sentNanos + length.toNanos();
    }

    /** Whether no one can have taken the lock over: not lost, and our lease surely still runs. */
    public boolean surelyHeld() {
        return !lost && surelyHeldUntil - System.nanoTime() > 0;
    }

    /** How long ago our lease was last set, on the monotonic clock (it keeps running while the process is stopped). */
    public Duration sinceLastExtended() {
        return Duration.ofNanos(System.nanoTime() - (surelyHeldUntil - length.toNanos()));
    }

    public boolean lost() {
        return lost;
    }

    /** The record's half found it gone or taken outside a renewal (in a ledger write's guard). */
    public void markLost() {
        lost = true;
    }

    public Duration length() {
        return length;
    }

    /** For clean: stops renewing without releasing, since the record is about to be removed with the rest. */
    public synchronized void abandon() {
        released = true;
        renewal.shutdown();
    }

    /**
     * Releases the lock exactly: when this returns, the record is gone or provably someone else's (or the store did
     * not answer three times: then the lease runs out by itself).
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
            release();
        } finally {
            if (interrupted || interruptedWhileReleasing || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void release() {
        int unanswered = 0;
        for (int attempt = 0; attempt < RELEASE_ATTEMPTS; attempt++) {
            LeaseRecord.Release outcome;
            try {
                outcome = record.releaseOnce();
            } catch (RuntimeException e) {
                if (Thread.interrupted()) {
                    interruptedWhileReleasing = true; // a client sets it again when it gave up waiting
                }
                if (++unanswered >= UNANSWERED_RELEASES) {
                    return;
                }
                pause();
                continue;
            }
            if (outcome == LeaseRecord.Release.DONE) {
                return;
            }
            if (outcome == LeaseRecord.Release.AGAIN_AFTER_PAUSE) {
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            interruptedWhileReleasing = true;
        }
    }

    /** "user@host pid N run 1a2b3c4d": unique per lock taken, readable by someone looking at the store. */
    public static String newOwner() {
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

    /** "30 s" or "150 ms", for messages. */
    public static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
