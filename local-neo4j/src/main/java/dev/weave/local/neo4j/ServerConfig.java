package dev.weave.local.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code conf/neo4j.conf} of a {@link LocalNeo4j}, rewritten at every start (the port may change).
 * Neo4j validates it strictly, so a misspelt setting stops the server instead of being ignored.
 */
final class ServerConfig {

    static final String FILE = "neo4j.conf";

    private ServerConfig() {
    }

    static Map<String, String> settings(Path home, int boltPort) {
        return settings(home, boltPort, null);
    }

    /** {@code tlsBase} non-null: Bolt only over TLS, with the key and certificate of that policy directory. */
    static Map<String, String> settings(Path home, int boltPort, Path tlsBase) {
        Map<String, String> s = new LinkedHashMap<>();
        for (String dir : new String[] {"data", "logs", "run", "plugins", "import", "licenses"}) {
            s.put("server.directories." + dir, home.resolve(dir).toString());
        }
        // Only this machine can talk to it; Bolt only (HTTP and the browser are not needed).
        s.put("server.default_listen_address", "127.0.0.1");
        s.put("server.bolt.enabled", "true");
        s.put("server.bolt.listen_address", "127.0.0.1:" + boltPort);
        s.put("server.bolt.advertised_address", "127.0.0.1:" + boltPort);
        if (tlsBase == null) {
            s.put("server.bolt.tls_level", "DISABLED");
        } else {
            // REQUIRED, not OPTIONAL: a plain connection must be refused, or a test could pass without TLS
            s.put("server.bolt.tls_level", "REQUIRED");
            s.put("dbms.ssl.policy.bolt.enabled", "true");
            s.put("dbms.ssl.policy.bolt.base_directory", tlsBase.toString());
            s.put("dbms.ssl.policy.bolt.private_key", BoltTls.KEY_FILE);
            s.put("dbms.ssl.policy.bolt.public_certificate", BoltTls.CERTIFICATE_FILE);
            s.put("dbms.ssl.policy.bolt.client_auth", "NONE");
        }
        s.put("server.http.enabled", "false");
        s.put("server.https.enabled", "false");
        s.put("dbms.security.auth_enabled", "true");
        // Tests log in with wrong passwords on purpose; the default (3 failures lock the user for 5 s)
        // would then refuse the right one in the next test.
        s.put("dbms.security.auth_max_failed_attempts", "0");
        // Small: a test or dev server holds little data (the heap is set on the JVM command line).
        s.put("server.memory.pagecache.size", "64m");
        s.put("db.tx_log.rotation.retention_policy", "2 files");
        s.put("dbms.usage_report.enabled", "false");
        // Stop in a fraction of a second instead of ~10 s of Bolt/Netty grace periods (design brief).
        s.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
        s.put("internal.dbms.bolt.netty_server_shutdown_timeout", "0s");
        s.put("internal.server.bolt.thread_pool_shutdown_wait_time", "0s");
        s.put("db.shutdown_transaction_end_timeout", "0s");
        return s;
    }

    static void write(Path confDir, Path home, int boltPort, Path tlsBase) throws IOException {
        StringBuilder text = new StringBuilder("# Written by Weave's LocalNeo4j at each start; edits are overwritten.\n");
        settings(home, boltPort, tlsBase).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.createDirectories(confDir);
        Files.writeString(confDir.resolve(FILE), text, StandardCharsets.UTF_8);
    }
}
