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
        boolean ledgerCreated;
    }
}
