package dev.weave.engine;

import dev.weave.error.ConfigurationException;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the next versioned migration file of a target: the highest version's last part plus one, with
 * the same zero padding ({@code V0007} is followed by {@code V0008}), and a slug of the message.
 */
public final class NewMigrationFile {

    private final TargetContext ctx;

    public NewMigrationFile(TargetContext ctx) {
        this.ctx = ctx;
    }

    public Path create(String message) {
        return create(message, null);
    }

    /** @param text what the file holds; null for the store's template of comments */
    public Path create(String message, String text) {
        String slug = slugOrThrow(message, ctx.name());
        Path folder = ctx.target().folder();
        List<MigrationFile> versioned = Files.isDirectory(folder) ? ctx.files().versioned() : List.of();
        String version = versioned.isEmpty() ? "1" : next(versioned.get(versioned.size() - 1).version());
        String extension = ctx.target().adapter().extensions().iterator().next();
        Path file = folder.resolve("V" + version + "__" + slug + extension);
        try {
            Files.createDirectories(folder);
            Files.writeString(file, text != null ? text : ctx.target().adapter().newScriptTemplate(file.getFileName().toString()),
                    java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new ConfigurationException(file + " already exists");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The file name part of the message, or a clear error when it has no letters or digits. */
    public static String slugOrThrow(String message, String target) {
        String slug = slug(message);
        if (slug.isEmpty()) {
            throw new ConfigurationException("describe the migration with letters or digits, e.g. weave db create "
                    + target + " \"add user preferences\"");
        }
        return slug;
    }

    static String next(MigrationVersion highest) {
        String text = highest.text();
        int start = Math.max(text.lastIndexOf('.'), text.lastIndexOf('_')) + 1;
        String last = text.substring(start);
        String incremented = new BigInteger(last).add(BigInteger.ONE).toString();
        StringBuilder padded = new StringBuilder();
        for (int i = incremented.length(); i < last.length(); i++) {
            padded.append('0');
        }
        return text.substring(0, start) + padded + incremented;
    }

    static String slug(String message) {
        return message.trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
    }
}
