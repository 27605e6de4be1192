package dev.weave.local.neo4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerClasspathTest {

    private static final String JAR = "org/example/demo/1.0/demo-1.0.jar";

    @TempDir
    Path dir;

    @Test
    void theBuildListsTheServerWithThePinnedNetty() throws IOException {
        List<String> entries = ServerClasspath.entries();
        assertTrue(entries.stream().allMatch(e -> e.startsWith(ServerClasspath.REPO_PREFIX)), entries.get(0));
        assertTrue(entries.contains("@M2_REPO@/org/neo4j/neo4j/5.26.12/neo4j-5.26.12.jar"));
        assertTrue(entries.contains("@M2_REPO@/io/netty/netty-common/4.1.137.Final/netty-common-4.1.137.Final.jar"));
        assertFalse(entries.stream().anyMatch(e -> e.contains("neo4j-java-driver") || e.contains("testcontainers")),
                "the driver and Testcontainers are ours, not the server's");
        assertFalse(entries.stream().anyMatch(e -> e.contains("/dev/weave/")),
                "Weave's own modules are not the server's, and Maven Central has none to download");
        for (Path jar : ServerClasspath.standard().jars()) {
            assertTrue(Files.isRegularFile(jar), jar.toString());
        }
    }

    @Test
    void aMissingJarIsDownloadedAndChecked() throws IOException {
        Path remote = dir.resolve("remote");
        byte[] content = "not really a jar".getBytes(StandardCharsets.UTF_8);
        publish(remote, content, ServerClasspath.sha1(content));
        Path local = dir.resolve("local");

        Path jar = new ServerClasspath(List.of(local), remote.toUri()).resolve(ServerClasspath.REPO_PREFIX + JAR);

        assertEquals(local.resolve(JAR), jar);
        assertArrayEquals(content, Files.readAllBytes(jar));
    }

    @Test
    void aJarWithTheWrongChecksumIsRefused() throws IOException {
        Path remote = dir.resolve("remote");
        publish(remote, "tampered".getBytes(StandardCharsets.UTF_8), ServerClasspath.sha1(new byte[] {1}));
        Path local = dir.resolve("local");

        IOException e = assertThrows(IOException.class,
                () -> new ServerClasspath(List.of(local), remote.toUri()).resolve(ServerClasspath.REPO_PREFIX + JAR));

        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertFalse(Files.exists(local.resolve(JAR)), "nothing unverified is left in the repository");
    }

    @Test
    void aJarFoundInAnyRepositoryIsUsedWhereItIs() throws IOException {
        Path second = dir.resolve("second");
        Files.createDirectories(second.resolve(JAR).getParent());
        Files.writeString(second.resolve(JAR), "jar");
        Path jar = new ServerClasspath(List.of(dir.resolve("first"), second), dir.resolve("nowhere").toUri())
                .resolve(ServerClasspath.REPO_PREFIX + JAR);
        assertEquals(second.resolve(JAR), jar);
    }

    private static void publish(Path remote, byte[] content, String sha1) throws IOException {
        Path file = remote.resolve(JAR);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.writeString(remote.resolve(JAR + ".sha1"), sha1 + "  demo-1.0.jar\n");
    }
}
