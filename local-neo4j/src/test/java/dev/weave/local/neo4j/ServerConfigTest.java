package dev.weave.local.neo4j;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The TLS settings a secured server is started with (the real start is tested with the store, see Neo4jTlsTest). */
class ServerConfigTest {

    private final Path home = Path.of("/srv/neo4j-home");

    @Test
    void aPlainServerHasTlsOffAndNoSslPolicy() {
        Map<String, String> s = ServerConfig.settings(home, 7687);
        assertEquals("DISABLED", s.get("server.bolt.tls_level"));
        assertFalse(s.keySet().stream().anyMatch(k -> k.startsWith("dbms.ssl.policy")), s.toString());
    }

    @Test
    void aTlsServerRequiresTlsWithThePolicyDirectoryItWasGiven() {
        Path base = home.resolve(BoltTls.POLICY_DIR);
        Map<String, String> s = ServerConfig.settings(home, 7687, base);
        assertEquals("REQUIRED", s.get("server.bolt.tls_level"));
        assertEquals("true", s.get("dbms.ssl.policy.bolt.enabled"));
        assertEquals(base.toString(), s.get("dbms.ssl.policy.bolt.base_directory"));
        assertEquals("private.key", s.get("dbms.ssl.policy.bolt.private_key"));
        assertEquals("public.crt", s.get("dbms.ssl.policy.bolt.public_certificate"));
        assertEquals("NONE", s.get("dbms.ssl.policy.bolt.client_auth"));
    }
}
