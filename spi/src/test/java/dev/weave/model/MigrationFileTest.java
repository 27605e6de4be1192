package dev.weave.model;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationFileTest {

    @Test
    void labelsNameTheFileAsUsersWroteIt() {
        MigrationFile versioned = new MigrationFile(MigrationKind.VERSIONED, MigrationVersion.parse("003"), "add users",
                "V003__add_users.sql", Path.of("V003__add_users.sql"), "", "sha256:x", null);
        MigrationFile undo = new MigrationFile(MigrationKind.UNDO, MigrationVersion.parse("3"), "add users",
                "U3__add_users.sql", Path.of("U3__add_users.sql"), "", "sha256:x", null);
        MigrationFile repeatable = new MigrationFile(MigrationKind.REPEATABLE, null, "refresh views",
                "R__refresh_views.sql", Path.of("R__refresh_views.sql"), "", "sha256:x", null);
        MigrationFile callback = new MigrationFile(MigrationKind.CALLBACK, null, "", "beforeMigrate.sql",
                Path.of("beforeMigrate.sql"), "", "sha256:x", CallbackEvent.BEFORE_MIGRATE);

        assertEquals("V003 add users", versioned.label());
        assertEquals("U3 add users", undo.label());
        assertEquals("R refresh views", repeatable.label());
        assertEquals("beforeMigrate", callback.label());
        assertTrue(versioned.isVersioned());
        assertFalse(undo.isVersioned());
        assertFalse(repeatable.isVersioned());
    }

    @Test
    void requiredFieldsAreChecked() {
        assertThrows(NullPointerException.class, () -> new MigrationFile(null, null, "d", "s", null, "", "c", null));
        assertThrows(NullPointerException.class, () -> new MigrationFile(MigrationKind.REPEATABLE, null, "d", null, null, "", "c", null));
        assertThrows(NullPointerException.class, () -> new MigrationFile(MigrationKind.REPEATABLE, null, "d", "s", null, null, "c", null));
        assertThrows(NullPointerException.class, () -> new MigrationFile(MigrationKind.REPEATABLE, null, "d", "s", null, "", null, null));
    }

    @Test
    void callbackEventsAreFoundByTheirFileName() {
        assertEquals(Optional.of(CallbackEvent.BEFORE_MIGRATE), CallbackEvent.fromFileName("beforeMigrate"));
        assertEquals(Optional.of(CallbackEvent.AFTER_MIGRATE), CallbackEvent.fromFileName("afterMigrate"));
        assertEquals(Optional.of(CallbackEvent.AFTER_MIGRATE_ERROR), CallbackEvent.fromFileName("afterMigrateError"));
        assertEquals(Optional.empty(), CallbackEvent.fromFileName("BeforeMigrate"));
        assertEquals(Optional.empty(), CallbackEvent.fromFileName("beforeEachMigrate"));
        assertEquals("afterMigrateError", CallbackEvent.AFTER_MIGRATE_ERROR.fileName());
    }

    @Test
    void kindPrefixes() {
        assertEquals("V", MigrationKind.VERSIONED.prefix());
        assertEquals("U", MigrationKind.UNDO.prefix());
        assertEquals("R", MigrationKind.REPEATABLE.prefix());
        assertEquals("", MigrationKind.CALLBACK.prefix());
    }

    @Test
    void ledgerEntryParsesItsVersionAndKeepsEverythingElseOnUpdate() {
        Instant on = Instant.parse("2024-01-15T10:00:00Z");
        LedgerEntry entry = new LedgerEntry(7, "1.0", "old", EntryType.VERSIONED, "V1.0__old.sql", "sha256:a", "ci", on, 42, true);
        assertEquals(MigrationVersion.parse("1"), entry.parsedVersion());
        assertEquals("1.0", entry.parsedVersion().text());

        LedgerEntry updated = entry.withChecksumAndDescription("sha256:b", "new");
        assertEquals(new LedgerEntry(7, "1.0", "new", EntryType.VERSIONED, "V1.0__old.sql", "sha256:b", "ci", on, 42, true), updated);

        LedgerEntry repeatable = new LedgerEntry(8, null, "views", EntryType.REPEATABLE, "R__views.sql", "sha256:c", "ci", on, 1, true);
        assertNull(repeatable.parsedVersion());
    }
}
