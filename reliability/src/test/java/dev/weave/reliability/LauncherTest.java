package dev.weave.reliability;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkout's {@code ./weave} launcher put on PATH through a symlink (the README's way), even a chain of
 * relative links, finds its checkout and the built jar; before, it looked for the build beside the link and
 * failed with a Maven error.
 */
class LauncherTest {

    @Test
    void aSymlinkedLauncherFindsItsCheckout() throws Exception {
        Path checkout = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path launcher = checkout.resolve("weave");
        assertTrue(Files.isExecutable(launcher), launcher + " is the launcher");
        assertTrue(Files.isRegularFile(checkout.resolve("distribution/target/weave.jar")),
                "the reactor packages distribution before reliability runs");

        Path bin = Work.dir("launcher/bin");
        Path tools = Work.dir("launcher/tools");
        Files.deleteIfExists(tools.resolve("weave"));
        Files.deleteIfExists(bin.resolve("weave"));
        Files.createSymbolicLink(tools.resolve("weave"), launcher);                 // absolute link
        Files.createSymbolicLink(bin.resolve("weave"), Path.of("../tools/weave"));  // relative link to it
        Path elsewhere = Work.project("launcher-cwd");

        Process p = new ProcessBuilder(bin.resolve("weave").toString(), "--version")
                .directory(elsewhere.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "weave --version did not finish");
        String out = new String(p.getInputStream().readAllBytes());

        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("weave 0.1.0"), out);
        assertTrue(!out.contains("building"), "the launcher must use the checkout's jar, not build again: " + out);
    }
}
