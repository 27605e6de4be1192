package dev.weave.engine;

import dev.weave.api.ValidationResult;
import dev.weave.error.ConfigurationException;
import dev.weave.model.MigrationFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code weave.sum}: the checksums of every released versioned migration, committed with the code, so a
 * pull request that edits a released migration fails validation without any database. One line per
 * file, {@code <target>/<script> <checksum>}, sorted. Repeatables, undo files and callbacks are meant
 * to change and are not listed.
 */
public final class SumFile {

    private static final String HEADER = "# weave.sum: checksums of released migrations; written by 'weave db sum', checked by 'weave db validate-all --offline'";

    private SumFile() {
    }

    public static int write(Path file, Map<String, List<MigrationFile>> versionedByTarget) {
        Map<String, String> lines = new TreeMap<>();
        versionedByTarget.forEach((target, files) -> files.forEach(f -> lines.put(target + "/" + f.script(), f.checksum())));
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        lines.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        try {
            Files.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return lines.size();
    }

    static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(file + " does not exist: write it with 'weave db sum' (and commit it) before"
                    + " validating offline");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space <= 0 || line.indexOf('/') < 0) {
                throw new ConfigurationException(file + ":" + (i + 1) + ": expected '<target>/<script> <checksum>', got '"
                        + line + "'; rewrite the file with 'weave db sum'");
            }
            entries.put(line.substring(0, space).trim(), line.substring(space + 1));
        }
        return entries;
    }

    /** The problems of one target's files against the sum: released files edited or gone. */
    static List<ValidationResult.Problem> check(String target, List<MigrationFile> versioned, Map<String, String> sum,
                                                Path sumFile) {
        List<ValidationResult.Problem> problems = new ArrayList<>();
        Map<String, MigrationFile> byKey = new LinkedHashMap<>();
        versioned.forEach(f -> byKey.put(target + "/" + f.script(), f));
        String prefix = target + "/";
        for (Map.Entry<String, String> e : sum.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            MigrationFile f = byKey.get(e.getKey());
            String script = e.getKey().substring(prefix.length());
            if (f == null) {
                problems.add(new ValidationResult.Problem("MISSING", null, script, script + " is listed in " + sumFile
                        + " as released but its file is gone", "restore the file; a released migration stays"));
            } else if (!f.checksum().equalsIgnoreCase(e.getValue())) {
                problems.add(new ValidationResult.Problem("CHECKSUM_MISMATCH", f.version().text(), script,
                        f.path() + " was edited after it was released (" + sumFile.getFileName() + " has a different checksum)",
                        "restore the released content and put the change in a new migration; if the edit is really"
                                + " meant, run 'weave db sum' and commit the new " + sumFile.getFileName()));
            }
        }
        return problems;
    }
}
