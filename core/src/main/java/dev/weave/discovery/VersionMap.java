package dev.weave.discovery;

import dev.weave.error.ConfigurationException;
import dev.weave.model.MigrationVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --map} file of {@code weave db adopt}: one {@code old=new} per line, naming the Weave version an old
 * tool's version (or Alembic revision) becomes where the rule does not carry it over; {@code #} starts a comment.
 * The rule without a map: versions compare part by part as numbers, so {@code 001} is {@code 1} and {@code 1_1} is
 * {@code 1.1}; an Alembic head becomes the baseline at its position in the chain.
 */
public final class VersionMap {

    private final Path file;
    /** old → (new, line number). */
    private final Map<String, Line> lines;

    private record Line(String to, int number) {
    }

    private VersionMap(Path file, Map<String, Line> lines) {
        this.file = file;
        this.lines = lines;
    }

    public static VersionMap none() {
        return new VersionMap(null, Collections.emptyMap());
    }

    public static VersionMap read(Path file) {
        if (file == null) {
            return none();
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("the version map " + file + " does not exist; --map names a file of"
                    + " old=new lines");
        }
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the version map " + file + ": " + e.getMessage());
        }
        Map<String, Line> lines = new LinkedHashMap<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            String where = file + ":" + (i + 1);
            if (eq <= 0 || eq == line.length() - 1) {
                throw new ConfigurationException(where + ": '" + line + "' is not old=new (e.g. 001_init=1 or"
                        + " ae1027a6acf=3)");
            }
            String from = line.substring(0, eq).strip();
            String to = line.substring(eq + 1).strip();
            try {
                MigrationVersion.parse(to);
            } catch (RuntimeException e) {
                throw new ConfigurationException(where + ": '" + to + "' is not a Weave version (digits, parts split by"
                        + " . or _)");
            }
            Line before = lines.put(from, new Line(to, i + 1));
            if (before != null) {
                throw new ConfigurationException(where + ": " + from + " is mapped twice (line " + before.number()
                        + " too); keep one");
            }
        }
        return new VersionMap(file, lines);
    }

    /** The Weave version the map names for {@code old}, or {@code old} itself. */
    public String apply(String old) {
        Line line = old == null ? null : lines.get(old);
        return line == null ? old : line.to();
    }

    /** Where each line that names none of {@code seen} is, for the "maps nothing" problem. */
    public List<String> unused(java.util.Set<String> seen) {
        return lines.entrySet().stream().filter(e -> !seen.contains(e.getKey()))
                .map(e -> file + ":" + e.getValue().number() + ": " + e.getKey() + " is not in the history; remove the"
                        + " line or correct the old version").toList();
    }
}
