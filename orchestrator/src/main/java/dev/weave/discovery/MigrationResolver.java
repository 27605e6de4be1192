package dev.weave.discovery;

import dev.weave.api.ConfigurationException;
import dev.weave.api.MigrationSourceException;
import dev.weave.model.CallbackEvent;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds and checks the migration files of one target folder (sub-folders included). Discovery is split
 * from execution: nothing here talks to a store, so the same result serves migrate, validate, info and
 * the offline checks.
 */
public final class MigrationResolver {

    private final Collection<String> extensions;

    public MigrationResolver(Collection<String> extensions) {
        this.extensions = List.copyOf(extensions);
    }

    public ResolvedMigrations resolve(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ConfigurationException("migration folder " + folder + " does not exist: create it or point the target at the right folder");
        }
        List<MigrationFile> versioned = new ArrayList<>();
        Map<MigrationVersion, MigrationFile> undos = new HashMap<>();
        Map<String, MigrationFile> repeatables = new TreeMap<>();
        Map<CallbackEvent, List<MigrationFile>> callbacks = new EnumMap<>(CallbackEvent.class);
        Map<MigrationVersion, MigrationFile> byVersion = new HashMap<>();

        for (Path file : listFiles(folder)) {
            String name = file.getFileName().toString();
            if (MigrationFileName.isIgnored(name)) {
                continue;
            }
            MigrationFileName.Result result = MigrationFileName.parse(name, extensions);
            if (result.problem() != null) {
                throw new MigrationSourceException(file, result.problem());
            }
            MigrationFile migration = load(folder, file, result.parsed());
            switch (migration.kind()) {
                case VERSIONED -> {
                    MigrationFile other = byVersion.putIfAbsent(migration.version(), migration);
                    if (other != null) {
                        throw duplicate(file, other, "version " + migration.version().canonical());
                    }
                    versioned.add(migration);
                }
                case UNDO -> {
                    MigrationFile other = undos.putIfAbsent(migration.version(), migration);
                    if (other != null) {
                        throw duplicate(file, other, "undo version " + migration.version().canonical());
                    }
                }
                case REPEATABLE -> {
                    MigrationFile other = repeatables.putIfAbsent(migration.description(), migration);
                    if (other != null) {
                        throw new MigrationSourceException(file, "duplicate repeatable description '" + migration.description()
                                + "': also used by " + other.path() + " (_ reads as a space); give one of them another description");
                    }
                }
                case CALLBACK -> callbacks.computeIfAbsent(migration.callback(), e -> new ArrayList<>()).add(migration);
            }
        }
        for (MigrationFile undo : undos.values()) {
            if (!byVersion.containsKey(undo.version())) {
                throw new MigrationSourceException(undo.path(), "undo file without a versioned migration: there is no V"
                        + undo.version().text() + "__*" + " file for it to undo; rename it or add the V file");
            }
        }
        versioned.sort(Comparator.comparing(MigrationFile::version));
        callbacks.values().forEach(list -> list.sort(Comparator.comparing(MigrationFile::script)));
        return new ResolvedMigrations(List.copyOf(versioned), Map.copyOf(undos),
                List.copyOf(repeatables.values()), callbacks);
    }

    private static MigrationSourceException duplicate(Path file, MigrationFile other, String what) {
        return new MigrationSourceException(file, "duplicate " + what + ": also used by " + other.path()
                + " (1 and 1.0 are the same version); give one of them another version");
    }

    private static MigrationFile load(Path folder, Path file, MigrationFileName.Parsed parsed) {
        String text = ScriptText.read(file);
        String script = folder.relativize(file).toString().replace('\\', '/');
        return new MigrationFile(parsed.kind(), parsed.version(), parsed.description(), script, file, text,
                Checksums.of(text), parsed.kind() == MigrationKind.CALLBACK ? parsed.callback() : null);
    }

    /**
     * Regular files below {@code folder}, sorted, skipping hidden folders. One walk that reads each entry's
     * attributes once: on 10,000 files a stat per file more (and a path per file to find hidden parents)
     * was a third of reading them.
     */
    private static List<Path> listFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(folder) && dir.getFileName().toString().startsWith(".")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(file))) {
                        files.add(file); // a link to a file counts as the file
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }
}
