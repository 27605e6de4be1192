package dev.weave.spi;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing opened is left open: taken, discarded before it arrives, or discarded after. */
class OpenInBackgroundTest {

    /** Counts its closes. */
    static final class Resource implements AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void whatIsTakenIsTheCallersAndNotClosed() throws InterruptedException {
        Resource r = new Resource();

        OpenInBackground<Resource> pending = OpenInBackground.start("test-open", () -> r);

        assertSame(r, pending.take());
        assertEquals(0, r.closed.get());
    }

    @Test
    void discardedBeforeItArrivesItIsClosedWhenItDoes() throws InterruptedException {
        Resource r = new Resource();
        CountDownLatch go = new CountDownLatch(1);
        OpenInBackground<Resource> pending = OpenInBackground.start("test-open", () -> {
            go.await();
            return r;
        });

        pending.discard();
        go.countDown();

        assertEquals(1, closesOf(r), "closed by the helper once opened");
    }

    @Test
    void discardedAfterItArrivedItIsClosedAtOnce() throws InterruptedException {
        Resource r = new Resource();
        CountDownLatch opened = new CountDownLatch(1);
        OpenInBackground<Resource> pending = OpenInBackground.start("test-open", () -> {
            opened.countDown();
            return r;
        });
        assertTrue(opened.await(5, TimeUnit.SECONDS));
        Thread.sleep(50); // the helper has most likely handed it over; if not, it closes it itself

        pending.discard();

        assertEquals(1, closesOf(r), "closed once, by whichever side came last");
    }

    /** Its closes once they stop changing (at most 2 s): exactly one is expected, never two. */
    private static int closesOf(Resource r) throws InterruptedException {
        for (int i = 0; i < 200 && r.closed.get() == 0; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(50);
        return r.closed.get();
    }

    @Test
    void whatOpeningThrewIsThrownByTake() {
        IllegalArgumentException refused = new IllegalArgumentException("refused");
        OpenInBackground<Resource> pending = OpenInBackground.start("test-open", () -> {
            throw refused;
        });

        assertSame(refused, assertThrows(IllegalArgumentException.class, pending::take));
    }
}
