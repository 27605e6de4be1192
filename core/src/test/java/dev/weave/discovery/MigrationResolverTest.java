package dev.weave.discovery;

import dev.weave.error.ConfigurationException;
import dev.weave.error.MigrationSourceException;
import dev.weave.model.CallbackEvent;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationResolverTest {

    private static final MigrationResolver SQL = new MigrationResolver(List.of(".sql"));

    @TempDir
    Path dir;

    private Path file(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private Path file(String relative) throws IOException {
        return file(relative, "-- " + relative + "\n");
    }

    private static List<String> scripts(List<MigrationFile> files) {
        return files.stream().map(MigrationFile::script).toList();
    }

    private static void assertContains(String text, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(text.contains(fragment), () -> "expected <" + fragment + "> in: " + text);
        }
    }

    @Test
    void emptyFolder() {
        ResolvedMigrations resolved = SQL.resolve(dir);
        assertTrue(resolved.versioned().isEmpty());
        assertTrue(resolved.undos().isEmpty());
        assertTrue(resolved.repeatables().isEmpty());
        assertTrue(resolved.callbacks(CallbackEvent.BEFORE_MIGRATE).isEmpty());
        assertEquals(0, resolved.fileCount());
    }

    @Test
    void versionedAreOrderedNumericallyNotLexically() throws IOException {
        for (String name : List.of("V10__ten.sql", "V2__two.sql", "V1__one.sql", "V1.10__one_ten.sql", "V1.9__one_nine.sql",
                "V100__hundred.sql", "V009__nine.sql")) {
            file(name);
        }
        ResolvedMigrations resolved = SQL.resolve(dir);
        assertEquals(List.of("V1__one.sql", "V1.9__one_nine.sql", "V1.10__one_ten.sql", "V2__two.sql", "V009__nine.sql",
                "V10__ten.sql", "V100__hundred.sql"), scripts(resolved.versioned()));
    }

    @Test
    void loadedFilesCarryKindVersionDescriptionTextAndChecksum() throws IOException {
        Path path = file("V1__create_users.sql", "CREATE TABLE users();\r\n");
        MigrationFile f = SQL.resolve(dir).versioned().get(0);
        assertEquals(MigrationKind.VERSIONED, f.kind());
        assertEquals(MigrationVersion.parse("1"), f.version());
        assertEquals("create users", f.description());
        assertEquals("V1__create_users.sql", f.script());
        assertEquals(path, f.path());
        assertEquals("CREATE TABLE users();\n", f.text(), "normalised text");
        assertEquals(Checksums.of("CREATE TABLE users();\n"), f.checksum());
        assertNull(f.callback());
    }

    @Test
    void subFoldersAreIncludedAndScriptsAreRelativeWithSlashes() throws IOException {
        file("V1__root.sql");
        file("2024/q1/V3__deep.sql");
        file("2024/V2__nested.sql");
        file("views/R__views.sql");
        ResolvedMigrations resolved = SQL.resolve(dir);
        assertEquals(List.of("V1__root.sql", "2024/V2__nested.sql", "2024/q1/V3__deep.sql"), scripts(resolved.versioned()));
        assertEquals(List.of("views/R__views.sql"), scripts(resolved.repeatables()));
    }

    @Test
    void hiddenFilesAndFoldersAndMarkdownAreSkipped() throws IOException {
        file("V1__a.sql");
        file(".git/V2__not_a_migration.sql");
        file(".git/objects/whatever.txt");
        file("sub/.cache/V3__cached.sql");
        file(".gitkeep", "");
        file("sub/.DS_Store", "binary?");
        file("README.md", "# docs");
        file("sub/notes.MD", "# docs");
        ResolvedMigrations resolved = SQL.resolve(dir);
        assertEquals(List.of("V1__a.sql"), scripts(resolved.versioned()));
        assertEquals(1, resolved.fileCount());
    }

    @Test
    void folderThatIsItselfBelowAHiddenFolderStillWorks() throws IOException {
        Path root = dir.resolve(".weave/migrations/app");
        Files.createDirectories(root);
        Files.writeString(root.resolve("V1__a.sql"), "SELECT 1;");
        assertEquals(1, SQL.resolve(root).versioned().size());
    }

    @Test
    void duplicateVersionNamesBothFiles() throws IOException {
        Path a = file("V1__a.sql");
        Path b = file("V1.0__b.sql");
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir));
        assertContains(e.getMessage(), "duplicate version 1", a.toString(), b.toString());
        assertTrue(e.file().equals(a) || e.file().equals(b));
    }

    @Test
    void duplicateVersionWithLeadingZerosAndInSubFolders() throws IOException {
        Path a = file("one/V001__a.sql");
        Path b = file("two/V1__b.sql");
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir));
        assertContains(e.getMessage(), "duplicate version 1", a.toString(), b.toString());
    }

    @Test
    void duplicateUndoVersion() throws IOException {
        file("V2__a.sql");
        Path a = file("U2__a.sql");
        Path b = file("U2.0__b.sql");
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir));
        assertContains(e.getMessage(), "duplicate undo version 2", a.toString(), b.toString());
    }

    @Test
    void duplicateRepeatableDescription() throws IOException {
        Path a = file("R__refresh_views.sql");
        Path b = file("more/R__refresh_views.sql");
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir));
        assertContains(e.getMessage(), "duplicate repeatable description 'refresh views'", a.toString(), b.toString(),
                "another description");
        assertFalse(e.getMessage().contains("same version"), e.getMessage());
    }

    @Test
    void undoWithoutVersioned() throws IOException {
        file("V1__a.sql");
        Path undo = file("U2__b.sql");
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir));
        assertEquals(undo, e.file());
        assertContains(e.getMessage(), undo.toString(), "undo file without a versioned migration", "V2__*");
    }

    @Test
    void undosAreKeyedByVersion() throws IOException {
        file("V1__a.sql");
        file("V2__b.sql");
        file("U2.0__b.sql");
        ResolvedMigrations resolved = SQL.resolve(dir);
        MigrationFile undo = resolved.undos().get(MigrationVersion.parse("2"));
        assertEquals("U2.0__b.sql", undo.script());
        assertEquals(MigrationKind.UNDO, undo.kind());
        assertEquals(2, resolved.versioned().size(), "undo files are not versioned migrations");
        assertEquals(3, resolved.fileCount());
    }

    @Test
    void repeatablesAreSortedByDescription() throws IOException {
        file("z/R__a_views.sql");
        file("R__c_grants.sql");
        file("R__b_functions.sql");
        ResolvedMigrations resolved = SQL.resolve(dir);
        assertEquals(List.of("a views", "b functions", "c grants"),
                resolved.repeatables().stream().map(MigrationFile::description).toList());
        resolved.repeatables().forEach(r -> assertNull(r.version()));
    }

    @Test
    void callbacksAreGroupedByEventAndSortedByScript() throws IOException {
        file("beforeMigrate__b.sql");
        file("beforeMigrate.sql");
        file("beforeMigrate__a.sql");
        file("afterMigrate.sql");
        file("afterMigrateError__notify.sql");
        file("V1__a.sql");
        ResolvedMigrations resolved = SQL.resolve(dir);
        assertEquals(List.of("beforeMigrate.sql", "beforeMigrate__a.sql", "beforeMigrate__b.sql"),
                scripts(resolved.callbacks(CallbackEvent.BEFORE_MIGRATE)));
        assertEquals(List.of("afterMigrate.sql"), scripts(resolved.callbacks(CallbackEvent.AFTER_MIGRATE)));
        assertEquals(List.of("afterMigrateError__notify.sql"), scripts(resolved.callbacks(CallbackEvent.AFTER_MIGRATE_ERROR)));
        MigrationFile cb = resolved.callbacks(CallbackEvent.AFTER_MIGRATE_ERROR).get(0);
        assertEquals(MigrationKind.CALLBACK, cb.kind());
        assertEquals(CallbackEvent.AFTER_MIGRATE_ERROR, cb.callback());
        assertEquals(List.of("V1__a.sql"), scripts(resolved.versioned()));
        assertEquals(6, resolved.fileCount());
    }

    @Test
    void malformedNameIsAnErrorNamingTheFileAndTheRule() throws IOException {
        file("V1__ok.sql");
        Path bad = file("V2_oops.sql");
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir));
        assertEquals(bad, e.file());
        assertContains(e.getMessage(), bad.toString(), "two underscores");
    }

    @Test
    void unknownExtensionInTheFolderIsAnError() throws IOException {
        file("V1__ok.sql");
        Path bad = file("x.txt");
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir));
        assertEquals(bad, e.file());
        assertContains(e.getMessage(), bad.toString(), "unknown extension", ".sql");
    }

    @Test
    void lowerCasePrefixInASubFolderIsAnError() throws IOException {
        Path bad = file("sub/v3__x.sql");
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir));
        assertContains(e.getMessage(), bad.toString(), "upper-case 'V'");
    }

    @Test
    void invalidUtf8IsAnErrorNamingTheFile() throws IOException {
        Path bad = dir.resolve("V1__a.sql");
        Files.write(bad, new byte[]{'a', '\n', (byte) 0xFF});
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir));
        assertEquals(bad, e.file());
        assertEquals(2, e.line());
    }

    @Test
    void missingFolderIsAConfigurationError() {
        Path missing = dir.resolve("nope");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SQL.resolve(missing));
        assertFalse(e instanceof MigrationSourceException);
        assertContains(e.getMessage(), missing.toString(), "does not exist");
    }

    @Test
    void aFileInsteadOfAFolderIsAConfigurationError() throws IOException {
        Path notAFolder = file("V1__a.sql");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SQL.resolve(notAFolder));
        assertContains(e.getMessage(), notAFolder.toString());
    }

    @Test
    void multipleExtensions() throws IOException {
        file("V1__index.http", "PUT /idx\n");
        file("V2__docs.json", "{}");
        file("R__templates.http", "PUT /_index_template/t\n");
        ResolvedMigrations resolved = new MigrationResolver(List.of(".http", ".json")).resolve(dir);
        assertEquals(List.of("V1__index.http", "V2__docs.json"), scripts(resolved.versioned()));
        assertEquals(List.of("R__templates.http"), scripts(resolved.repeatables()));

        file("V3__wrong.sql");
        MigrationSourceException e = assertThrows(MigrationSourceException.class,
                () -> new MigrationResolver(List.of(".http", ".json")).resolve(dir));
        assertContains(e.getMessage(), "V3__wrong.sql", "unknown extension");
    }

    @Test
    void resultListsAreImmutable() throws IOException {
        file("V1__a.sql");
        ResolvedMigrations resolved = SQL.resolve(dir);
        assertThrows(UnsupportedOperationException.class, () -> resolved.versioned().clear());
        assertThrows(UnsupportedOperationException.class, () -> resolved.repeatables().clear());
        assertInstanceOf(List.class, resolved.versioned());
    }

    @Test
    void aLinkToAFileOutsideIsReadAsTheFile() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("../" + dir.getFileName() + "-shared"));
        Path shared = Files.writeString(outside.resolve("V7__shared.sql"), "SELECT 7;\n");
        Path folder = Files.createDirectories(dir.resolve("app"));
        Files.createSymbolicLink(folder.resolve("V7__shared.sql"), shared);
        MigrationFile linked = SQL.resolve(folder).versioned().get(0);
        assertEquals("V7__shared.sql", linked.script());
        assertEquals("SELECT 7;\n", linked.text());
    }

    @Test
    void aLinkToAFolderIsWalked() throws IOException {
        file("common/V1__a.sql");
        Path folder = Files.createDirectories(dir.resolve("app"));
        file("app/V2__b.sql");
        Files.createSymbolicLink(folder.resolve("common"), dir.resolve("common"));
        assertEquals(List.of("V2__b.sql", "common/V1__a.sql"), scripts(SQL.resolve(folder).versioned().stream()
                .sorted(java.util.Comparator.comparing(MigrationFile::script)).toList()));
    }

    @Test
    void aLinkLoopIsAnErrorNamingTheLinkNotAnEndlessWalk() throws IOException {
        file("app/V1__a.sql");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("app/sub")).resolve("again"), Path.of(".."));
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir.resolve("app")));
        assertEquals(link, e.file());
        assertContains(e.getMessage(), "symbolic link loop", dir.resolve("app").toRealPath().toString(), "remove the link");
    }

    @Test
    void aBrokenLinkIsAnErrorNotASkippedFile() throws IOException {
        file("V1__a.sql");
        Path link = Files.createSymbolicLink(dir.resolve("V2__b.sql"), Path.of("gone/V2__b.sql"));
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> SQL.resolve(dir));
        assertEquals(link, e.file());
        assertContains(e.getMessage(), "broken symbolic link to gone/V2__b.sql");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeAnyFileIsRead() throws IOException {
        file("V1__a.sql", "SELECT 1;\n");
        file("V2__big.sql", "SELECT 2;\n".repeat(300));
        Files.write(dir.resolve("V3__bad.sql"), new byte[]{(byte) 0xFF}); // would fail on reading: the size comes first
        MigrationSourceException e = assertThrows(MigrationSourceException.class,
                () -> new MigrationResolver(List.of(".sql"), 1024).resolve(dir));
        assertEquals(dir.resolve("V2__big.sql"), e.file());
        assertContains(e.getMessage(), "the file is 3000 bytes, more than the 1 KiB", "maxScriptSize");
    }
}
