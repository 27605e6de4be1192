package dev.weave.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The superuser password of a {@link LocalPostgres} cluster. A kept cluster stores it beside its data
 * (owner-only file) because the server only accepts passwords: without it a restart could not log in.
 */
final class SuperuserPassword {

    static final String FILE_NAME = "weave-superuser-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SuperuserPassword() {
    }

    /** 32 URL-safe characters: nothing to escape in SQL, URLs or shells. */
    static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void requireUsable(String password) {
        // initdb --pwfile reads one line; an empty password would mean "no password".
        if (password == null || password.isBlank() || password.matches("(?s).*[\\r\\n\\x00].*")) {
            throw new IllegalArgumentException("password must be non-blank, on one line");
        }
    }

    /** The password of the existing cluster in {@code dataDirectory}: stored, else the caller's. */
    static String stored(Path dataDirectory, String fallback) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        if (fallback != null) {
            return fallback;
        }
        throw new IOException(dataDirectory + " holds a PostgreSQL cluster without " + FILE_NAME
                + ": pass its superuser password to LocalPostgres.start(Path, int, String)");
    }

    /** Replaces the stored password in one step, so a crash leaves the old or the new one, never half. */
    static void store(Path dataDirectory, String password) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).strip().equals(password)) {
            return;
        }
        Path next = ownerOnlyFile(dataDirectory, password);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** For initdb --pwfile: outside the data directory, which initdb wants empty. Delete after use. */
    static Path initdbFile(String password) throws IOException {
        return ownerOnlyFile(null, password);
    }

    private static Path ownerOnlyFile(Path directory, String password) throws IOException {
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        Path file = directory == null
                ? Files.createTempFile("weave-pg-", ".pw", ownerOnly)
                : Files.createTempFile(directory, FILE_NAME, ".tmp", ownerOnly);
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        return file;
    }
}
