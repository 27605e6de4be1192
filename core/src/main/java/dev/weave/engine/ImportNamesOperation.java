package dev.weave.engine;

import dev.weave.api.ImportNamesResult;
import dev.weave.discovery.ForeignFileName;
import dev.weave.discovery.MigrationFileName;
import dev.weave.error.ConfigurationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renames a target's files from another tool's naming ({@code 001_init.sql}, {@code 1_init.up.sql},
 * {@code models.sql}) to Weave's, so a team switching over does not rename by hand. All or nothing: a name that
 * would clash with another file or another version stops it before anything is renamed. Contents are not
 * touched, so checksums stay what they were.
 */
public final class ImportNamesOperation {

    private final TargetContext ctx;
    private final boolean dryRun;

    public ImportNamesOperation(TargetContext ctx, boolean dryRun) {
        this.ctx = ctx;
        this.dryRun = dryRun;
    }

    public ImportNamesResult run() {
        Path folder = ctx.target().folder();
        if (!Files.isDirectory(folder)) {
            throw new ConfigurationException("migration folder " + folder + " of target " + ctx.name()
                    + " does not exist: nothing to import");
        }
        List<String> extensions = List.copyOf(ctx.target().adapter().extensions());
        List<ImportNamesResult.Rename> renames = new ArrayList<>();
        List<ImportNamesResult.Left> left = new ArrayList<>();
        Map<String, Path> versions = new HashMap<>();
        Map<Path, Path> targets = new HashMap<>();
        for (Path file : files(folder)) {
            String name = file.getFileName().toString();
            if (MigrationFileName.isIgnored(name)) {
                continue;
            }
            ForeignFileName.Verdict verdict = ForeignFileName.of(name, extensions);
            String relative = folder.relativize(file).toString();
            String finalName = verdict.renames() ? verdict.newName() : name;
            if (verdict.renames()) {
                Path to = file.resolveSibling(finalName);
                if (Files.exists(to) || targets.putIfAbsent(to, file) != null) {
                    throw new ConfigurationException(relative + " would be renamed to " + folder.relativize(to)
                            + ", which " + (Files.exists(to) ? "exists already" : "another file would be renamed to too")
                            + "; rename one of them by hand, then run import-names again (nothing was renamed)");
                }
                renames.add(new ImportNamesResult.Rename(relative, folder.relativize(to).toString(), verdict.rule()));
            } else if (!"already a Weave name".equals(verdict.reason())) {
                left.add(new ImportNamesResult.Left(relative, verdict.reason()));
            }
            clash(versions, folder, file, finalName, extensions);
        }
        if (!dryRun) {
            for (ImportNamesResult.Rename r : renames) {
                move(folder.resolve(r.from()), folder.resolve(r.to()));
            }
        }
        return new ImportNamesResult(ctx.name(), dryRun, renames, left);
    }

    /** Two files of one version after renaming (001_a.sql and 1_b.sql) would stop every later run: refuse now. */
    private static void clash(Map<String, Path> versions, Path folder, Path file, String finalName, List<String> extensions) {
        MigrationFileName.Parsed parsed = MigrationFileName.parse(finalName, extensions).parsed();
        if (parsed == null || parsed.version() == null) {
            return;
        }
        String key = parsed.kind() + " " + parsed.version().canonical();
        Path other = versions.putIfAbsent(key, file);
        if (other != null) {
            throw new ConfigurationException(folder.relativize(file) + " and " + folder.relativize(other)
                    + " would both be version " + parsed.version().canonical() + " (versions compare numerically: 1 and"
                    + " 001 are the same); give one of them another number first (nothing was renamed)");
        }
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
