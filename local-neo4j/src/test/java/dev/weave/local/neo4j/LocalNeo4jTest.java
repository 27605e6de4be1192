package dev.weave.local.neo4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kept server of {@code weave dev up}: data and password survive restarts, and it dies with its launcher. */
class LocalNeo4jTest {

    /** Starts with a dash, as one in 64 random passwords does: it must not be taken for an option. */
    private static final String PASSWORD = "-kept-secret-41";

    @TempDir
    Path dir;

    @Test
    void aKeptServerStopsWithAKilledLauncherAndKeepsItsDataAndPassword() throws Exception {
        Path home = dir.resolve("neo4j");
        long serverPid = startInAJvmAndKillIt(home);

        ProcessHandle server = ProcessHandle.of(serverPid).orElse(null);
        if (server != null) {
            server.onExit().get(30, TimeUnit.SECONDS); // throws if it outlives its launcher
        }

        IOException refused = assertThrows(IOException.class, () -> LocalNeo4j.start(home, 0, "another-password-1"));
        assertTrue(refused.getMessage().contains("refused the password"), refused.getMessage());
        assertFalse(refused.getMessage().contains("another-password-1"), refused.getMessage());

        // without a password: the one stored beside the data at the first start
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("weave-neo4j-password"))));
        try (LocalNeo4j again = LocalNeo4j.start(home, 0);
             Driver driver = again.openDriver(); Session session = driver.session()) {
            assertEquals(PASSWORD, again.password());
            assertEquals("before the kill", session.run("MATCH (k:Kept) RETURN k.name").single().get(0).asString());
        }
        assertTrue(Files.isDirectory(home.resolve("data")), "close() keeps a kept server's data");
    }

    @Test
    void aShortPasswordIsRefusedBeforeAnythingStarts() {
        assertThrows(IllegalArgumentException.class, () -> LocalNeo4j.start(dir, 0, "short"));
        assertFalse(Files.exists(dir.resolve("conf")));
    }

    /** A launcher killed with SIGKILL runs no shutdown hook: only the lifeline can stop its server. */
    private long startInAJvmAndKillIt(Path home) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KeptServerMain.class.getName(), home.toString()))
                .redirectErrorStream(true);
        builder.environment().put("WEAVE_TEST_NEO4J_PASSWORD", PASSWORD);
        Process launcher = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("READY ")) {
                    launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return Long.parseLong(line.substring(6).trim());
                }
                seen.append(line).append('\n');
            }
            throw new AssertionError("the launcher JVM ended before its server was ready:\n" + seen);
        } finally {
            launcher.destroyForcibly();
        }
    }
}
