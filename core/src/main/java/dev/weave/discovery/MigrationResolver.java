package dev.weave.discovery;

import dev.weave.error.ConfigurationException;
import dev.weave.error.MigrationSourceException;
import dev.weave.model.CallbackEvent;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
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
    private final long maxScriptSize;

    public MigrationResolver(Collection<String> extensions) {
        this(extensions, ScriptText.DEFAULT_MAX_SIZE);
    }

    /** @param maxScriptSize the largest file, in bytes, that is read (larger ones are an error before any is read) */
    public MigrationResolver(Collection<String> extensions, long maxScriptSize) {
        this.extensions = List.copyOf(extensions);
        this.maxScriptSize = maxScriptSize;
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

        List<Path> oversized = new ArrayList<>();
        List<Path> files = listFiles(folder, maxScriptSize, oversized);
        List<MigrationFileName.Parsed> names = new ArrayList<>(files.size());
        for (Path file : files) {
            MigrationFileName.Result result = MigrationFileName.parse(file.getFileName().toString(), extensions);
            if (result.problem() != null) {
                throw new MigrationSourceException(file, result.problem());
            }
            names.add(result.parsed());
        }
        if (!oversized.isEmpty()) { // before any file is read: a huge file is refused at once, not after minutes
            oversized.sort(null);
            ScriptText.read(oversized.get(0), maxScriptSize); // throws, saying why
        }
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            MigrationFile migration = load(folder, file, names.get(i));
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
        String text;
        try {
            text = ScriptText.decode(file, Files.readAllBytes(file)); // its size was checked by the walk
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String script = folder.relativize(file).toString().replace('\\', '/');
        return new MigrationFile(parsed.kind(), parsed.version(), parsed.description(), script, file, text,
                Checksums.of(text), parsed.kind() == MigrationKind.CALLBACK ? parsed.callback() : null);
    }

    /**
     * Migration files below {@code folder}, sorted, skipping hidden folders and ignored names. One walk that
     * reads each entry's attributes once: on 10,000 files a stat per file more (and a path per file to find
     * hidden parents) was a third of reading them. Symbolic links are followed, to files and to folders
     * (shared migrations linked in); a link that leads back to a folder that contains it, or to nothing,
     * is an error naming the link, never an endless walk or a file skipped silently.
     */
    private static List<Path> listFiles(Path folder, long maxSize, List<Path> oversized) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(folder) && dir.getFileName().toString().startsWith(".")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (MigrationFileName.isIgnored(file.getFileName().toString())) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink()) { // followed, the link's own attributes: it leads nowhere
                        throw new MigrationSourceException(file, "broken symbolic link to " + linkTarget(file)
                                + ", which does not exist: point the link at the file or remove it");
                    }
                    if (attrs.isRegularFile()) {
                        files.add(file);
                        if (attrs.size() > maxSize) {
                            oversized.add(file);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof FileSystemLoopException) {
                        throw new MigrationSourceException(file, "symbolic link loop: this link leads to "
                                + realPath(file) + ", a folder that already contains it, so the folder would be read"
                                + " without end; remove the link or point it outside " + folder);
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static String realPath(Path link) {
        try {
            return link.toRealPath().toString();
        } catch (IOException e) {
            return linkTarget(link);
        }
    }
}
