package dev.weave.local.elasticsearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who the node runs as. Elasticsearch refuses to run as root, so as root the node is started through
 * {@code setpriv} as uid/gid 65534 (nobody), and the directories it writes are handed over to that user.
 * Everything it only reads (the unpacked distribution, the JDK) must be reachable by "others".
 */
final class RunAs {

    static final int NOBODY = 65534;

    private RunAs() {
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The command prefix that drops root; empty for any other user. */
    static List<String> commandPrefix() {
        if (!isRoot()) {
            return List.of();
        }
        return List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--no-new-privs");
    }

    /** As root: gives {@code dir} and everything below it to uid/gid 65534 so the node can write there. */
    static void handOver(Path dir) throws IOException {
        if (!isRoot()) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setAttribute(p, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /**
     * As root: fails with a clear message when uid 65534 could not get to {@code path} because a parent
     * directory is closed to others (root's home is mode 700).
     */
    static void requireReachableByNode(Path path) throws IOException {
        if (!isRoot()) {
            return;
        }
        for (Path p = path.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("Elasticsearch refuses to run as root, so it runs as uid " + NOBODY
                        + " (nobody), which cannot get into " + p + " (mode "
                        + permissions(Files.getPosixFilePermissions(p)) + ") on the way to " + path
                        + "; use a directory outside it (for example under /var/tmp)");
            }
        }
    }

    private static String permissions(Set<PosixFilePermission> perms) {
        return java.nio.file.attribute.PosixFilePermissions.toString(perms);
    }
}
