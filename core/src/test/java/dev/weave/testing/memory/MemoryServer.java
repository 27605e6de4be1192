package dev.weave.testing.memory;

import dev.weave.model.LedgerEntry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The "server" of the in-memory store: named databases in this JVM, each with its objects, its ledger and its
 * lock. A test picks a fresh database name for isolation, as the real-server tests pick a fresh database.
 */
public final class MemoryServer {

    /** The password the server accepts; a wrong one is refused as a real server would. */
    public static final String PASSWORD = "memory-pw";
    /** A server name that never answers: the unreachable case. */
    public static final String DOWN = "down";

    private static final Map<String, Database> DATABASES = new ConcurrentHashMap<>();
    /** Every script applied, as {@code database/script}, in the order the server ran them: cross-target order. */
    private static final List<String> APPLIED = java.util.Collections.synchronizedList(new ArrayList<>());

    private MemoryServer() {
    }

    static Database database(String name) {
        return DATABASES.computeIfAbsent(name, n -> new Database());
    }

    /** Creates an empty database, as a tenant's database would be created before Weave fans out to it. */
    /** Open connections by database name, and for each watched name prefix the most open at once. */
    private static final Map<String, Integer> OPEN = new java.util.HashMap<>();
    private static final Map<String, Integer> PEAK = new java.util.HashMap<>();

    /** From now on, counts the most connections open at once to databases whose names start with {@code prefix}. */
    public static synchronized void watchConnections(String prefix) {
        PEAK.put(prefix, 0);
    }

    public static synchronized int mostOpenAtOnce(String prefix) {
        return PEAK.getOrDefault(prefix, 0);
    }

    static synchronized void opened(String name) {
        OPEN.merge(name, 1, Integer::sum);
        for (Map.Entry<String, Integer> watched : PEAK.entrySet()) {
            int now = OPEN.entrySet().stream().filter(e -> e.getKey().startsWith(watched.getKey()))
                    .mapToInt(Map.Entry::getValue).sum();
            watched.setValue(Math.max(watched.getValue(), now));
        }
    }

    static synchronized void closed(String name) {
        OPEN.merge(name, -1, Integer::sum);
    }

    public static void create(String name) {
        database(name);
    }

    /** The position of {@code database/script} in the server's order of applied scripts, or -1. */
    public static int appliedAt(String database, String script) {
        return APPLIED.indexOf(database + "/" + script);
    }

    static void recordApplied(String database, String script) {
        APPLIED.add(database + "/" + script);
    }

    /** Takes the database's lock as another runner (another process) would, until {@link #releaseLock}. */
    public static void holdLock(String name) {
        if (!database(name).lock.tryAcquire()) {
            throw new IllegalStateException("the lock of memory database " + name + " is already held");
        }
    }

    public static void releaseLock(String name) {
        database(name).lock.release();
    }

    /** Counts down each time a connection to the database gives its lock back. */
    public static java.util.concurrent.CountDownLatch lockReleases(String name) {
        var latch = new java.util.concurrent.CountDownLatch(1);
        database(name).lockReleases.add(latch);
        return latch;
    }

    /**
     * Runs {@code hook} once, when the connection whose lock wait gave up is closed: it holds the engine in the
     * moment between a target's failed lock wait and its run being recorded, to drive what others see then.
     */
    public static void afterLockWaitGaveUp(String name, Runnable hook) {
        database(name).afterLockWaitGaveUp.set(hook);
    }

    /** Whether the database exists (has been connected to), without creating it. */
    public static boolean exists(String name) {
        return DATABASES.containsKey(name);
    }

    /** The objects migrations created in the database, for assertions. */
    public static Set<String> objects(String database) {
        Database db = DATABASES.get(database);
        if (db == null) {
            return Set.of();
        }
        synchronized (db) {
            return Set.copyOf(db.objects);
        }
    }

    /** Database names matching a {@code tenant_*} pattern, for fan-out. */
    static List<String> list(String pattern) {
        String regex = java.util.Arrays.stream(pattern.split("\\*", -1)).map(java.util.regex.Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"));
        return DATABASES.keySet().stream().filter(n -> n.matches(regex)).sorted().toList();
    }

    /** One database: guarded by its own monitor; the lock is a permit, held by at most one connection. */
    static final class Database {
        final Set<String> objects = new LinkedHashSet<>();
        final List<LedgerEntry> ledger = new ArrayList<>();
        final Semaphore lock = new Semaphore(1);
        final List<java.util.concurrent.CountDownLatch> lockReleases = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicReference<Runnable> afterLockWaitGaveUp =
                new java.util.concurrent.atomic.AtomicReference<>();
        boolean ledgerCreated;
    }
}
