package dev.weave.local.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** Passwords of the {@code neo4j} user of a {@link LocalNeo4j}. */
final class Passwords {

    /** Neo4j's own rule (dbms.security.auth_minimum_password_length). */
    static final int MINIMUM_LENGTH = 8;
    static final String FILE_NAME = "weave-neo4j-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** 32 URL-safe characters: nothing to escape in Cypher, URLs or shells. */
    static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A kept server's password, stored beside its data by {@link #store}, so a restart can log in. */
    static Optional<String> stored(Path home) throws IOException {
        Path file = home.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
    }

    /** Owner-only, replaced in one step: a crash leaves the old password or the new one, never half. */
    static void store(Path home, String password) throws IOException {
        if (stored(home).filter(password::equals).isPresent()) {
            return;
        }
        Path next = Files.createTempFile(home, FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(next, password + "\n", StandardCharsets.UTF_8);
        Files.move(next, home.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The password travels as one line to the server process, and Neo4j wants at least 8 characters. */
    static void requireUsable(String password) {
        if (password == null || password.length() < MINIMUM_LENGTH || password.isBlank()
                || password.matches("(?s).*[\\r\\n\\x00].*")) {
            throw new IllegalArgumentException("the Neo4j password must be at least " + MINIMUM_LENGTH
                    + " characters on one line");
        }
    }
}
