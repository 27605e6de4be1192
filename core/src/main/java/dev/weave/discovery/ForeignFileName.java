package dev.weave.discovery;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Weave name for a migration file named the way another tool names them, for {@code weave db import-names}.
 * The rules, in this order (documented in the README):
 * <ol>
 *   <li>golang-migrate: {@code 000001_init.up.sql} → {@code V000001__init.sql}, {@code 000001_init.down.sql} →
 *       {@code U000001__init.sql};</li>
 *   <li>numbered files ({@code 001_init_schema.sql}, {@code 20240115093000-add-users.sql}, {@code 1.2_x.sql}):
 *       the leading digits (parts split by {@code .}) are the version, everything after the first {@code _} or
 *       {@code -} the description: {@code V001__init_schema.sql};</li>
 *   <li>a file with no version at all ({@code models.sql}, an idempotent schema file run at every start-up):
 *       a repeatable, {@code R__models.sql}, re-applied whenever it changes.</li>
 * </ol>
 * Names that are already Weave names are left as they are; anything else is left and reported.
 */
public final class ForeignFileName {

    private static final Pattern GOLANG_MIGRATE = Pattern.compile("(\\d+)_(.+)\\.(up|down)");
    private static final Pattern NUMBERED = Pattern.compile("(\\d+(?:\\.\\d+)*)[_-]+(.*[A-Za-z0-9].*)");
    private static final Pattern UNVERSIONED = Pattern.compile("[A-Za-z][A-Za-z0-9 ._-]*");

    /** What to do with one file: {@code newName} set to rename it, else {@code reason} says why it stays. */
    public record Verdict(String newName, String rule, String reason) {
        public boolean renames() {
            return newName != null;
        }
    }

    private ForeignFileName() {
    }

    public static Verdict of(String fileName, Collection<String> extensions) {
        MigrationFileName.Result asIs = MigrationFileName.parse(fileName, extensions);
        if (asIs.parsed() != null) {
            return new Verdict(null, null, "already a Weave name");
        }
        String ext = extensionOf(fileName, extensions);
        if (ext == null) {
            return new Verdict(null, null, asIs.problem());
        }
        String base = fileName.substring(0, fileName.length() - ext.length());
        String lowerExt = ext.toLowerCase(Locale.ROOT);
        Matcher m = GOLANG_MIGRATE.matcher(base);
        if (m.matches()) {
            String prefix = m.group(3).equals("up") ? "V" : "U";
            return checked(prefix + m.group(1) + "__" + slug(m.group(2)) + lowerExt, "golang-migrate", extensions);
        }
        m = NUMBERED.matcher(base);
        if (m.matches()) {
            return checked("V" + m.group(1) + "__" + slug(m.group(2)) + lowerExt, "numbered", extensions);
        }
        if (UNVERSIONED.matcher(base).matches() && !base.startsWith("V") && !base.startsWith("U") && !base.startsWith("R_")) {
            return checked("R__" + slug(base) + lowerExt, "unversioned: a repeatable, re-applied whenever it changes", extensions);
        }
        return new Verdict(null, null, asIs.problem() + " (no import rule fits: rename it by hand)");
    }

    private static Verdict checked(String name, String rule, Collection<String> extensions) {
        MigrationFileName.Result result = MigrationFileName.parse(name, extensions);
        return result.parsed() != null ? new Verdict(name, rule, null)
                : new Verdict(null, null, "would become " + name + ", which is not valid either: " + result.problem());
    }

    private static String extensionOf(String fileName, Collection<String> extensions) {
        for (String ext : extensions) {
            int start = fileName.length() - ext.length();
            if (start > 0 && fileName.regionMatches(true, start, ext, 0, ext.length())) {
                return fileName.substring(start);
            }
        }
        return null;
    }

    /** Descriptions keep their words: dashes, dots and spaces become the single {@code _} that reads as a space. */
    private static String slug(String description) {
        return description.replaceAll("[-. ]+", "_").replaceAll("_{2,}", "_").replaceAll("^_|_$", "");
    }
}
