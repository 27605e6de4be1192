package dev.weave.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Folders for projects and process output below {@code target/reliability-work}, kept for inspection. */
final class Work {

    private static final AtomicInteger PROJECTS = new AtomicInteger();

    private Work() {
    }

    static Path root() {
        return Path.of(System.getProperty("reliability.work", "target/reliability-work")).toAbsolutePath();
    }

    static Path dir(String name) {
        try {
            return Files.createDirectories(root().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty project folder named after what it is for. */
    static Path project(String name) {
        Path p = root().resolve("projects").resolve(PROJECTS.incrementAndGet() + "-" + name);
        try {
            if (Files.exists(p)) {
                Directories.delete(p);
            }
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
