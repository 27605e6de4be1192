package dev.weave.store.neo4j;

import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;

import java.time.Duration;
import java.util.Map;

/**
 * Run by {@link Neo4jLockTest} as its own JVM, to be killed with SIGKILL while it holds the lock: a Weave
 * run that died without releasing anything. Connection settings come from the NEO4J_* environment.
 */
public final class LockHolderMain {

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new Neo4jStore().environmentSettings(System.getenv());
        settings.put("lockLease", args[0]);
        StoreConnection connection = new Neo4jStore().connect(new TargetSettings("neo4j", "neo4j", settings, Duration.ZERO));
        connection.lock(Duration.ofSeconds(10));
        System.out.println("LOCKED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
