package dev.weave.testing.memory;

import dev.weave.error.LockTimeoutException;
import dev.weave.model.LedgerEntry;
import dev.weave.spi.Script;
import dev.weave.spi.ScriptFailedException;
import dev.weave.spi.StoreConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A connection to one in-memory database. A script and its ledger entry commit together or not at all. */
final class MemoryConnection implements StoreConnection {

    private final String name;
    private final MemoryServer.Database db;
    private boolean holdsLock;
    private boolean lockWaitGaveUp;
    private boolean closed;

    MemoryConnection(String name, MemoryServer.Database db) {
        this.name = name;
        this.db = db;
        MemoryServer.opened(name);
    }

    @Override
    public String describe() {
        return "memory database " + name;
    }

    @Override
    public String currentUser() {
        return "memory";
    }

    @Override
    public Lock lock(Duration timeout) {
        try {
            if (!db.lock.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                lockWaitGaveUp = !timeout.isZero();
                throw new LockTimeoutException("another runner holds the lock of memory database " + name
                        + " (waited " + timeout.toSeconds() + " s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockTimeoutException("interrupted while waiting for the lock of memory database " + name);
        }
        holdsLock = true;
        return this::release;
    }

    private void release() {
        if (holdsLock) {
            holdsLock = false;
            db.lock.release();
            db.lockReleases.forEach(java.util.concurrent.CountDownLatch::countDown);
        }
    }

    @Override
    public void createLedger() {
        synchronized (db) {
            db.ledgerCreated = true;
        }
    }

    @Override
    public List<LedgerEntry> readLedger() {
        synchronized (db) {
            List<LedgerEntry> entries = new ArrayList<>(db.ledger);
            entries.sort(Comparator.comparingInt(LedgerEntry::rank));
            return entries;
        }
    }

    @Override
    public void apply(Script script, LedgerEntry entry) {
        long start = System.nanoTime();
        synchronized (db) {
            Set<String> objects = run(script);
            db.objects.clear();
            db.objects.addAll(objects);
            long millis = (System.nanoTime() - start) / 1_000_000;
            db.ledger.add(new LedgerEntry(entry.rank(), entry.version(), entry.description(), entry.type(),
                    entry.script(), entry.checksum(), entry.installedBy(), entry.installedOn(), millis, true));
            MemoryServer.recordApplied(name, entry.script());
        }
    }

    @Override
    public void runCallback(Script script) {
        synchronized (db) {
            Set<String> objects = run(script);
            db.objects.clear();
            db.objects.addAll(objects);
        }
    }

    /** The objects after the script, computed on a copy: a failing statement leaves the database as it was. */
    private Set<String> run(Script script) {
        Set<String> objects = new LinkedHashSet<>(db.objects);
        for (MemoryScript statement : MemoryScript.parse(script)) {
            switch (statement.verb()) {
                case "create" -> {
                    if (!objects.add(statement.argument())) {
                        throw failed(statement, "object " + statement.argument() + " already exists");
                    }
                }
                case "drop" -> {
                    if (!objects.remove(statement.argument())) {
                        throw failed(statement, "object " + statement.argument() + " does not exist");
                    }
                }
                default -> throw failed(statement, statement.argument());
            }
        }
        return objects;
    }

    private static ScriptFailedException failed(MemoryScript statement, String reason) {
        return new ScriptFailedException(reason, statement.line(), statement.number(), false, false, null);
    }

    @Override
    public void appendEntry(LedgerEntry entry) {
        synchronized (db) {
            db.ledger.add(entry);
        }
    }

    @Override
    public void removeEntry(int rank) {
        synchronized (db) {
            db.ledger.removeIf(e -> e.rank() == rank);
        }
    }

    @Override
    public void updateEntry(LedgerEntry entry) {
        synchronized (db) {
            db.ledger.replaceAll(e -> e.rank() == entry.rank() ? entry : e);
        }
    }

    @Override
    public List<String> clean(boolean everything) {
        synchronized (db) {
            List<String> removed = new ArrayList<>();
            if (everything) {
                db.objects.forEach(o -> removed.add("object " + o));
                db.objects.clear();
            }
            db.ledger.clear();
            db.ledgerCreated = false;
            removed.add("ledger of memory database " + name);
            return removed;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            MemoryServer.closed(name);
        }
        release();
        if (lockWaitGaveUp) {
            lockWaitGaveUp = false;
            Runnable hook = db.afterLockWaitGaveUp.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
        }
    }
}
