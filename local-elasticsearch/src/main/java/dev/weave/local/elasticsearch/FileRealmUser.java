package dev.weave.local.elasticsearch;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A superuser in the node's file realm ({@code config/users}, {@code config/users_roles}), for a node
 * started with security on. The password is stored as Elasticsearch's {@code {PBKDF2}} hash
 * (PBKDF2-HMAC-SHA512, 10000 rounds, 32-byte salt, 256-bit key), computed with the JDK alone, so no
 * Elasticsearch CLI tool has to run before the node.
 */
record FileRealmUser(String name, String password) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int ROUNDS = 10_000;

    FileRealmUser {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user names here are letters, digits and _: " + name);
        }
        if (password == null || password.length() < 6) {
            throw new IllegalArgumentException("Elasticsearch wants passwords of at least 6 characters");
        }
    }

    void writeTo(Path config) throws IOException {
        Files.writeString(config.resolve("users"), name + ":" + hash() + "\n", StandardCharsets.UTF_8);
        Files.writeString(config.resolve("users_roles"), "superuser:" + name + "\n", StandardCharsets.UTF_8);
    }

    /** The value of an Authorization header for this user. */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String hash() throws IOException {
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ROUNDS, 256)).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return "{PBKDF2}" + ROUNDS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot hash the password with PBKDF2", e);
        }
    }
}
