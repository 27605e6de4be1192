package dev.weave.spi.lease;

/**
 * The store-specific half of a {@link Lease}: the one record in the store (a node, a document, a row) that says
 * who holds a target's lock and until when. Every write is conditional in the store's own way (a uniqueness
 * constraint, {@code if_seq_no}, a guarded update), so two runners can never both believe they hold it.
 */
public interface LeaseRecord {

    /** Takes the lock if it is free or its holder's lease has run out; true when it is ours now. */
    boolean tryTake();

    /**
     * Extends our lease. Throwing means "no answer": the next renewal tries again while the lease still runs.
     *
     * @return {@link Renewal#LOST} when the record is provably no longer ours (taken over, removed)
     */
    Renewal renew();

    /**
     * One attempt to delete our record exactly. Throwing means "no answer"; after three of those the lease is left
     * to run out by itself.
     */
    Release releaseOnce();

    /** Who holds the lock now, for the timeout message: e.g. " (held by …, lease until …)", or empty. */
    String holder();

    enum Renewal { RENEWED, LOST }

    enum Release {
        /** Gone, or provably someone else's. */
        DONE,
        /** Try again now: e.g. our version was stale and has been read again. */
        AGAIN,
        /** Try again after a short pause: e.g. the store answered 503 while a shard recovers. */
        AGAIN_AFTER_PAUSE
    }
}
