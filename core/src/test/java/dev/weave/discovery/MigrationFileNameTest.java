package dev.weave.discovery;

import dev.weave.model.CallbackEvent;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationFileNameTest {

    private static final List<String> SQL = List.of(".sql");
    private static final List<String> ES = List.of(".http", ".json");

    private static MigrationFileName.Parsed ok(String name, List<String> extensions) {
        MigrationFileName.Result result = MigrationFileName.parse(name, extensions);
        assertNull(result.problem(), () -> name + " should be valid but: " + result.problem());
        assertNotNull(result.parsed());
        return result.parsed();
    }

    private static String problem(String name, List<String> extensions) {
        MigrationFileName.Result result = MigrationFileName.parse(name, extensions);
        assertNull(result.parsed(), () -> name + " should be rejected but parsed as " + result.parsed());
        assertNotNull(result.problem());
        return result.problem();
    }

    private static void assertContains(String text, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(text.contains(fragment), () -> "expected <" + fragment + "> in: " + text);
        }
    }

    // ---- valid names ----

    @ParameterizedTest
    @CsvSource({
            "V1__create_users.sql, 1, create users",
            "V001__init.sql, 001, init",
            "V1.2.3__add_index.sql, 1.2.3, add index",
            "V2024_01_15__add_orders.sql, 2024_01_15, add orders",
            "V10__x.sql, 10, x",
            "V1__add__two_parts.sql, 1, add  two parts",
            "V1___leading.sql, 1, leading",
            "V1__trailing_.sql, 1, trailing",
            "V1__with.dots.sql, 1, with.dots",
            "V1__Mixed_Case.sql, 1, Mixed Case"})
    void versioned(String name, String version, String description) {
        MigrationFileName.Parsed parsed = ok(name, SQL);
        assertEquals(MigrationKind.VERSIONED, parsed.kind());
        assertEquals(version, parsed.version().text());
        assertEquals(MigrationVersion.parse(version), parsed.version());
        assertEquals(description, parsed.description());
        assertNull(parsed.callback());
    }

    @Test
    void undo() {
        MigrationFileName.Parsed parsed = ok("U1.1__drop_users.sql", SQL);
        assertEquals(MigrationKind.UNDO, parsed.kind());
        assertEquals("1.1", parsed.version().text());
        assertEquals("drop users", parsed.description());
        assertNull(parsed.callback());
    }

    @Test
    void repeatable() {
        MigrationFileName.Parsed parsed = ok("R__refresh_views.sql", SQL);
        assertEquals(MigrationKind.REPEATABLE, parsed.kind());
        assertNull(parsed.version());
        assertEquals("refresh views", parsed.description());
        assertNull(parsed.callback());
    }

    @ParameterizedTest
    @CsvSource({
            "beforeMigrate.sql, BEFORE_MIGRATE, ''",
            "afterMigrate.sql, AFTER_MIGRATE, ''",
            "afterMigrateError.sql, AFTER_MIGRATE_ERROR, ''",
            "beforeMigrate__seed_data.sql, BEFORE_MIGRATE, seed data",
            "afterMigrate__grant_rights.sql, AFTER_MIGRATE, grant rights"})
    void callbacks(String name, CallbackEvent event, String description) {
        MigrationFileName.Parsed parsed = ok(name, SQL);
        assertEquals(MigrationKind.CALLBACK, parsed.kind());
        assertEquals(event, parsed.callback());
        assertNull(parsed.version());
        assertEquals(description, parsed.description());
    }

    @Test
    void multipleExtensions() {
        assertEquals("create index", ok("V1__create_index.http", ES).description());
        assertEquals("create index", ok("V1__create_index.json", ES).description());
        assertEquals(MigrationKind.REPEATABLE, ok("R__templates.json", ES).kind());
        assertEquals(CallbackEvent.AFTER_MIGRATE, ok("afterMigrate.http", ES).callback());
        String p = problem("V1__create_index.sql", ES);
        assertContains(p, "unknown extension", ".http or .json");
    }

    @Test
    void theExtensionMatchesInAnyCaseAsElasticsearchEvolutionReadsIt() {
        List<String> http = List.of(".http");
        assertEquals("create index", ok("V1__create_index.Http", http).description());
        assertEquals("create index", ok("V1__create_index.HTTP", http).description());
        assertEquals(MigrationKind.REPEATABLE, ok("R__templates.hTTp", http).kind());
        assertEquals(CallbackEvent.BEFORE_MIGRATE, ok("beforeMigrate.HTTP", http).callback());
        assertContains(problem("V1__create_index.HTTPS", http), "unknown extension");
        assertEquals("x", ok("V1__x.SQL", SQL).description());
    }

    @Test
    void cypherExtension() {
        MigrationFileName.Parsed parsed = ok("V0002__create_constraint.cypher", List.of(".cypher"));
        assertEquals("0002", parsed.version().text());
        assertEquals("create constraint", parsed.description());
    }

    // ---- broken rules ----

    @Test
    void oneUnderscoreBetweenVersionAndDescription() {
        assertContains(problem("V1_x.sql", SQL), "two underscores", "V<version>__<description>.sql", "V1__create_users.sql");
        assertContains(problem("U1_x.sql", SQL), "two underscores", "U<version>__<description>.sql");
        assertContains(problem("V1.sql", SQL), "two underscores");
    }

    @ParameterizedTest
    @CsvSource({
            "v1__x.sql, V, V1__x.sql",
            "u1__x.sql, U, U1__x.sql",
            "r__x.sql, R, R__x.sql",
            "v2024_01_15__x.sql, V, V2024_01_15__x.sql"})
    void lowerCasePrefix(String name, String prefix, String rename) {
        assertContains(problem(name, SQL), "upper-case '" + prefix + "'", "rename to " + rename);
    }

    @Test
    void missingVersion() {
        assertContains(problem("V__x.sql", SQL), "missing version", "versioned migration", "V<version>__<description>.sql", "V1__x.sql");
        assertContains(problem("U__x.sql", SQL), "missing version", "undo migration");
        assertContains(problem("V__.sql", SQL), "missing version");
    }

    @Test
    void missingDescription() {
        assertContains(problem("V1__.sql", SQL), "missing description", "V1__<description>.sql");
        assertContains(problem("U7__.sql", SQL), "missing description", "U7__<description>.sql");
        assertContains(problem("V1__ .sql", SQL), "missing description");
    }

    @ParameterizedTest
    @CsvSource({
            "Vabc__x.sql, abc",
            "V1a__x.sql, 1a",
            "V1.__x.sql, 1.",
            "V1-2__x.sql, 1-2",
            "V1..2__x.sql, 1..2",
            "V 1__x.sql, ' 1'"})
    void versionThatIsNotDigits(String name, String version) {
        assertContains(problem(name, SQL), "'" + version + "' is not a version", "digits", "2024_01_15");
    }

    @Test
    void repeatableWithoutDescription() {
        assertContains(problem("R__.sql", SQL), "missing description", "R__<description>.sql");
        assertContains(problem("R__  .sql", SQL), "missing description");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.txt", "V1__x.txt", "V1__x.sqlx", "V1__x.sql.bak", "README", "V1__x.psql"})
    void unknownExtension(String name) {
        assertContains(problem(name, SQL), "unknown extension", "end in .sql");
    }

    @ParameterizedTest
    @ValueSource(strings = {"random.sql", "init.sql", "R1__x.sql", "R_x.sql", "BeforeMigrate.sql", "before_migrate.sql",
            "1__x.sql", "__x.sql", "beforeEachMigrate.sql"})
    void notAMigrationName(String name) {
        assertContains(problem(name, SQL), "not a migration file name", "V<version>__<description>.sql",
                "R__<description>.sql", "beforeMigrate.sql");
    }

    @Test
    void emptyBaseName() {
        assertContains(problem(".sql", SQL), "empty file name");
    }

    @Test
    void exactlyOneOfParsedAndProblemIsSet() {
        for (String name : List.of("V1__x.sql", "V1_x.sql", "x.txt", "R__x.sql", "random.sql", "afterMigrate.sql")) {
            MigrationFileName.Result result = MigrationFileName.parse(name, SQL);
            assertTrue((result.parsed() == null) != (result.problem() == null), name);
        }
    }

    // ---- ignored files ----

    @ParameterizedTest
    @ValueSource(strings = {".gitkeep", ".DS_Store", ".V1__x.sql", "README.md", "notes.MD", "CHANGELOG.Md"})
    void ignored(String name) {
        assertTrue(MigrationFileName.isIgnored(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"V1__x.sql", "README", "readme.txt", "V1__md.sql", "x.mdx"})
    void notIgnored(String name) {
        assertFalse(MigrationFileName.isIgnored(name));
    }

    @Test
    void underscoresAloneAreNoDescription() {
        assertContains(problem("V1___.sql", SQL), "missing description", "underscores alone");
        assertContains(problem("R___.sql", SQL), "missing description", "underscores alone");
    }
}
