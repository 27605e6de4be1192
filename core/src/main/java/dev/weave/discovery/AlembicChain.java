package dev.weave.discovery;

import dev.weave.error.ConfigurationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The revision chain of an Alembic {@code versions/} folder, read statically from each {@code *.py} file's
 * {@code revision} and {@code down_revision} assignments (no Python runs). Only a straight line is accepted:
 * a branch (two revisions with the same parent, or two roots) or a merge (a tuple of parents) is an error naming
 * the files, since Weave's versions are a line.
 */
public final class AlembicChain {

    // revision = 'ae10', revision: str = "ae10"; down_revision: Union[str, None] = None, = ('a', 'b') for a merge
    private static final Pattern REVISION = Pattern.compile("(?m)^revision\\s*(?::[^=\\n]*)?=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern DOWN = Pattern.compile(
            "(?m)^down_revision\\s*(?::[^=\\n]*)?=\\s*(None|['\"]([^'\"]+)['\"]|\\(([^)]*)\\)|\\[([^]]*)])");

    /** One revision file. */
    public record Revision(String id, String parent, Path file) {
    }

    private final List<Revision> line;

    private AlembicChain(List<Revision> line) {
        this.line = line;
    }

    /** The revisions from the first to the head, in order. */
    public List<Revision> line() {
        return line;
    }

    /** 1-based position of {@code id} in the line, or 0 when the folder does not know it. */
    public int position(String id) {
        for (int i = 0; i < line.size(); i++) {
            if (line.get(i).id().equals(id)) {
                return i + 1;
            }
        }
        return 0;
    }

    public static AlembicChain read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ConfigurationException("no Alembic versions folder at " + folder + "; name it with --versions DIR"
                    + " (the folder of the *.py revision files, e.g. alembic/versions)");
        }
        Map<String, Revision> byId = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".py")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher revision = REVISION.matcher(text);
                if (!revision.find()) {
                    continue; // __init__.py, a helper module: not a revision
                }
                Matcher down = DOWN.matcher(text);
                if (!down.find()) {
                    throw new ConfigurationException(file + ": revision " + revision.group(1) + " has no down_revision"
                            + " line; an Alembic revision file names its parent (or None for the first)");
                }
                if (down.group(3) != null || down.group(4) != null) {
                    throw new ConfigurationException(file + ": revision " + revision.group(1) + " merges "
                            + down.group(1) + "; Weave adopts a straight line of revisions only, not merges or branches");
                }
                Revision r = new Revision(revision.group(1), down.group(2), file);
                Revision clash = byId.put(r.id(), r);
                if (clash != null) {
                    throw new ConfigurationException("revision " + r.id() + " is in both " + clash.file() + " and " + file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
        }
        if (byId.isEmpty()) {
            throw new ConfigurationException(folder + " holds no Alembic revision file (*.py with a revision = '…' line)");
        }
        Map<String, List<Revision>> children = new HashMap<>();
        List<Revision> roots = new ArrayList<>();
        for (Revision r : byId.values()) {
            if (r.parent() == null) {
                roots.add(r);
            } else {
                children.computeIfAbsent(r.parent(), p -> new ArrayList<>()).add(r);
            }
        }
        if (roots.size() != 1) {
            throw new ConfigurationException(folder + ": " + (roots.isEmpty() ? "no revision has down_revision = None"
                    : roots.size() + " revisions start a chain (" + names(roots) + ")") + "; Weave adopts one straight"
                    + " line of revisions");
        }
        List<Revision> line = new ArrayList<>();
        Revision at = roots.get(0);
        while (at != null) {
            line.add(at);
            List<Revision> next = children.getOrDefault(at.id(), List.of());
            if (next.size() > 1) {
                throw new ConfigurationException(folder + ": revision " + at.id() + " has " + next.size() + " children ("
                        + names(next) + "), so the folder has several heads; merge them in Alembic first (alembic"
                        + " merge heads), Weave adopts one straight line of revisions");
            }
            at = next.isEmpty() ? null : next.get(0);
        }
        if (line.size() != byId.size()) {
            throw new ConfigurationException(folder + ": " + (byId.size() - line.size()) + " revision files are not on"
                    + " the chain from " + roots.get(0).id() + " (their down_revision names a revision that is not there)");
        }
        return new AlembicChain(List.copyOf(line));
    }

    private static String names(List<Revision> revisions) {
        return String.join(", ", revisions.stream().map(r -> r.id() + " in " + r.file().getFileName()).sorted().toList());
    }
}
