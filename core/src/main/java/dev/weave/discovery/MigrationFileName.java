package dev.weave.discovery;

import dev.weave.model.CallbackEvent;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of migration file names. Parsing either returns what the name means or a sentence naming
 * the rule the name breaks; a name is never skipped silently.
 */
public final class MigrationFileName {

    private static final Pattern CALLBACK = Pattern.compile("([a-zA-Z]+)(?:__(.+))?");

    /** What a valid name means. version is null for repeatables and callbacks. */
    public record Parsed(MigrationKind kind, MigrationVersion version, String description, CallbackEvent callback) {
    }

    /** A name's verdict: exactly one of parsed and problem is set. */
    public record Result(Parsed parsed, String problem) {
        static Result ok(Parsed parsed) {
            return new Result(parsed, null);
        }

        static Result problem(String problem) {
            return new Result(null, problem);
        }
    }

    private MigrationFileName() {
    }

    /** Files a store folder may hold that are not migrations: hidden files and documentation. */
    public static boolean isIgnored(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return fileName.startsWith(".") || lower.endsWith(".md");
    }

    /**
     * Parses a file name. The extension matches in any case ({@code .http}, {@code .Http}, {@code .HTTP}):
     * elasticsearch-evolution reads suffixes that way and its users' files carry all three, and a file whose
     * extension differs only in case is plainly meant for this store.
     */
    public static Result parse(String fileName, Collection<String> extensions) {
        String ext = null;
        for (String candidate : extensions) { // a loop, not a stream: this runs once per file of a long history
            if (endsWithIgnoringCase(fileName, candidate)) {
                ext = fileName.substring(fileName.length() - candidate.length());
                break;
            }
        }
        if (ext == null) {
            return Result.problem("unknown extension for this folder: migration files here end in "
                    + String.join(" or ", extensions) + "; move the file or remove it");
        }
        String base = fileName.substring(0, fileName.length() - ext.length());
        if (base.isEmpty()) {
            return Result.problem("empty file name: expected V<version>__<description>" + ext);
        }
        char first = base.charAt(0);
        if (base.startsWith("R__")) {
            String description = base.substring(3);
            return describe(description).isEmpty()
                    ? Result.problem("missing description: a repeatable migration is named R__<description>" + ext
                    + " ('_' reads as a space, so underscores alone are no description)")
                    : Result.ok(new Parsed(MigrationKind.REPEATABLE, null, describe(description), null));
        }
        if (first == 'V' || first == 'U') {
            return parseVersioned(base, ext);
        }
        if ((first == 'v' || first == 'u' || first == 'r') && base.length() > 1
                && (Character.isDigit(base.charAt(1)) || base.charAt(1) == '_')) {
            return Result.problem("the prefix must be upper-case '" + Character.toUpperCase(first)
                    + "': rename to " + Character.toUpperCase(first) + base.substring(1) + ext);
        }
        Matcher callback = CALLBACK.matcher(base);
        if (callback.matches()) {
            Optional<CallbackEvent> event = CallbackEvent.fromFileName(callback.group(1));
            if (event.isPresent()) {
                String description = callback.group(2) == null ? "" : describe(callback.group(2));
                return Result.ok(new Parsed(MigrationKind.CALLBACK, null, description, event.get()));
            }
        }
        return Result.problem("not a migration file name: expected V<version>__<description>" + ext
                + ", U<version>__<description>" + ext + ", R__<description>" + ext
                + " or a callback (beforeMigrate" + ext + ", afterMigrate" + ext + ", afterMigrateError" + ext + ")"
                + "; files named for another tool (001_init" + ext + ", 1_init.up" + ext + ", models" + ext
                + ") are renamed for you by weave db import-names <target>");
    }

    private static Result parseVersioned(String base, String ext) {
        String kindName = base.charAt(0) == 'V' ? "versioned" : "undo";
        char prefix = base.charAt(0);
        int separator = base.indexOf("__");
        if (separator < 0) {
            return Result.problem("separate the version and the description with two underscores: "
                    + prefix + "<version>__<description>" + ext + " (e.g. " + prefix + "1__create_users" + ext + ")");
        }
        String version = base.substring(1, separator);
        String description = base.substring(separator + 2);
        if (version.isEmpty()) {
            return Result.problem("missing version: a " + kindName + " migration is named " + prefix
                    + "<version>__<description>" + ext + " (e.g. " + prefix + "1__" + (description.isEmpty() ? "create_users" : description) + ext + ")");
        }
        if (!MigrationVersion.isValid(version)) {
            return Result.problem("'" + version + "' is not a version: use digits, parts split by '.' or '_' (1, 001, 1.2.3, 2024_01_15)");
        }
        if (describe(description).isEmpty()) {
            return Result.problem("missing description after '__': name it " + prefix + version + "__<description>" + ext
                    + " ('_' reads as a space, so underscores alone are no description)");
        }
        MigrationKind kind = prefix == 'V' ? MigrationKind.VERSIONED : MigrationKind.UNDO;
        return Result.ok(new Parsed(kind, MigrationVersion.parse(version), describe(description), null));
    }

    private static boolean endsWithIgnoringCase(String fileName, String suffix) {
        int start = fileName.length() - suffix.length();
        return start >= 0 && fileName.regionMatches(true, start, suffix, 0, suffix.length());
    }

    /** In a file name '_' stands for a space. */
    static String describe(String raw) {
        return raw.replace('_', ' ').trim();
    }
}
