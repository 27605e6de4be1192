package dev.weave.reliability;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code weave dev up} run a second time (another terminal, a setup script run twice) says where the stores
 * already are and exits 0, instead of "internal error: … port 55432 is already in use"; a port taken by another
 * program is named with the option that moves it. Real processes, as a user runs them.
 */
class DevUpTwiceTest {

    private static final Duration LIMIT = Duration.ofMinutes(3);

    @Test
    void aSecondDevUpSaysItIsAlreadyRunning() throws Exception {
        Path project = Work.project("dev-up-twice");
        int port = freePort();
        String[] up = {"dev", "up", "--stores", "postgres", "--postgres-port", String.valueOf(port)};
        try (WeaveProcess first = WeaveProcess.start(project, Map.of(), up)) {
            first.awaitWhileRunning(() -> first.out().contains("Local stores are up"), "its stores up", LIMIT);
            assertTrue(Files.isRegularFile(project.resolve(".weave-dev/env")), first.out());

            WeaveProcess.Result second = WeaveProcess.run(project, Map.of(), LIMIT, up);

            assertEquals(0, second.exit(), second.toString());
            assertTrue(second.out().contains("weave dev is already running (pid " + first.pid() + ")"), second.toString());
            assertTrue(second.out().contains("PostgreSQL 17 at localhost:" + port), second.toString());
            assertTrue(second.out().contains("source .weave-dev/env"), second.toString());
            assertFalse(second.all().contains("internal error") || second.all().contains("\tat "), second.toString());
            assertTrue(first.isAlive(), "the second dev up must leave the first one running");

            WeaveProcess.Result down = WeaveProcess.run(project, Map.of(), LIMIT, "dev", "down");
            assertEquals(0, down.exit(), down.toString());
            first.await(LIMIT); // ended by dev down's SIGTERM (exit 143), its stores stopped in its shutdown hook
            assertFalse(Files.exists(project.resolve(".weave-dev/dev.pid")), "dev down leaves no pid behind");
        }
    }

    @Test
    void aPortTakenByAnotherProgramIsNamedWithTheOptionThatMovesIt() throws Exception {
        Path project = Work.project("dev-up-port-taken");
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = other.getLocalPort();

            WeaveProcess.Result up = WeaveProcess.run(project, Map.of(), LIMIT,
                    "dev", "up", "--stores", "postgres", "--postgres-port", String.valueOf(port));

            assertEquals(2, up.exit(), up.toString());
            assertTrue(up.err().contains("port " + port + " for the local postgres is already in use by another program"),
                    up.toString());
            assertTrue(up.err().contains("--postgres-port"), up.toString());
            assertFalse(up.all().contains("internal error") || up.all().contains("\tat "), up.toString());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
