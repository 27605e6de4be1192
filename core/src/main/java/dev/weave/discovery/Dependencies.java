package dev.weave.discovery;

import dev.weave.error.MigrationSourceException;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross-store ordering declared in a migration's header: a comment line
 * {@code depends-on: <target>:<version>[, <target>:<version>...]} among the leading comment lines
 * ({@code --}, {@code //}, {@code #} or {@code /*}) says that those versions of other targets must be
 * applied before this migration runs. Store-agnostic: every store's files start with comments.
 */
public final class Dependencies {

    /** One declared dependency and the line that declares it. */
    public record Dependency(String target, MigrationVersion version, int line) {
        @Override
        public String toString() {
            return target + ":" + version.text();
        }
    }

    private static final Pattern COMMENT = Pattern.compile("^\\s*(--|//|#|/\\*+|\\*)\\s*(.*?)\\s*(\\*/)?\\s*$");
    private static final Pattern DIRECTIVE = Pattern.compile("(?i)depends-on\\s*:\\s*(.*)");
    private static final Pattern ITEM = Pattern.compile("([A-Za-z0-9_.-]+):(\\d+(?:[._]\\d+)*)");

    private Dependencies() {
    }

    /** The dependencies a file declares; an empty list for files without the header. */
    public static List<Dependency> of(MigrationFile file) {
        List<Dependency> out = new ArrayList<>();
        String[] lines = file.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            Matcher comment = COMMENT.matcher(line);
            if (!comment.matches()) {
                break;
            }
            Matcher directive = DIRECTIVE.matcher(comment.group(2));
            if (directive.matches()) {
                parseItems(file, i + 1, directive.group(1), out);
            }
        }
        return out;
    }

    private static void parseItems(MigrationFile file, int line, String value, List<Dependency> out) {
        if (value.isBlank()) {
            throw new MigrationSourceException(file.path(), line,
                    "depends-on: names no dependency; write depends-on: <target>:<version>, e.g. depends-on: app:7");
        }
        for (String item : value.split(",")) {
            Matcher m = ITEM.matcher(item.trim());
            if (!m.matches()) {
                throw new MigrationSourceException(file.path(), line, "depends-on: '" + item.trim()
                        + "' is not <target>:<version>; e.g. depends-on: app:7 or depends-on: app:1.2, search:3");
            }
            out.add(new Dependency(m.group(1), MigrationVersion.parse(m.group(2)), line));
        }
    }
}
