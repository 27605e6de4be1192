package dev.weave.reliability;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution a user downloads: {@code weave-<version>.tar.gz} unpacked outside the checkout gives a working
 * {@code bin/weave} (reached through a symlink, run from another folder), with {@code lib/weave.jar}, the README
 * and {@code bin/weave.cmd}; the zip holds the same files.
 */
class DistributionArchiveTest {

    @Test
    void theUnpackedArchiveRunsOutsideTheCheckout() throws Exception {
        Path target = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("distribution/target");
        Path archive;
        try (Stream<Path> files = Files.list(target)) {
            archive = files.filter(f -> f.getFileName().toString().matches("weave-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("the reactor packages distribution's archives before reliability runs"));
        }
        String base = archive.getFileName().toString().replace(".tar.gz", "");
        assertTrue(Files.isRegularFile(target.resolve(base + ".zip")), base + ".zip is built beside it");

        Path unpacked = Work.dir("distribution-archive");
        run(unpacked, List.of("tar", "xzf", archive.toString()));
        Path home = unpacked.resolve(base);
        for (String f : List.of("bin/weave", "bin/weave.cmd", "lib/weave.jar", "README.md")) {
            assertTrue(Files.isRegularFile(home.resolve(f)), f + " in the archive");
        }
        assertTrue(Files.isExecutable(home.resolve("bin/weave")));

        Path link = Work.dir("distribution-archive-bin").resolve("weave");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, home.resolve("bin/weave"));
        Path project = Work.project("distribution-archive-project");
        Work.write(project.resolve(".weave/migrations/shop/V1__users.sql"), "CREATE TABLE users (id int);\n");

        String version = run(project, List.of(link.toString(), "--version"));
        assertTrue(version.matches("weave \\S+ \\(commit [0-9a-f]{12}\\)\\s*"), version);
        String lint = run(project, List.of(link.toString(), "db", "lint"));
        assertTrue(lint.contains("lint: 1 file, 0 errors, 0 warnings"), lint);
    }

    private static String run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), command + " did not finish");
        assertEquals(0, p.exitValue(), command + ": " + out);
        return out;
    }
}
