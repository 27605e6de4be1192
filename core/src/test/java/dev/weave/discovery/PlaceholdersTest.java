package dev.weave.discovery;

import dev.weave.error.MigrationSourceException;
import dev.weave.model.MigrationFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaceholdersTest {

    @TempDir
    Path dir;

    private MigrationFile load(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
        ResolvedMigrations resolved = new MigrationResolver(List.of(".sql")).resolve(dir);
        return resolved.versioned().stream().filter(f -> f.script().equals(name)).findFirst()
                .orElseGet(() -> resolved.repeatables().get(0));
    }

    @Test
    void substitutesEveryOccurrence() throws IOException {
        MigrationFile f = load("V1__grants.sql", "GRANT SELECT ON ${schema}.users TO ${owner};\nGRANT ALL ON ${schema}.orders TO ${owner};\n");
        String applied = new Placeholders(Map.of("schema", "app", "owner", "app_rw")).apply(f);
        assertEquals("GRANT SELECT ON app.users TO app_rw;\nGRANT ALL ON app.orders TO app_rw;\n", applied);
    }

    @Test
    void namesMayHoldDotsColonsAndDashes() throws IOException {
        MigrationFile f = load("V1__a.sql", "-- ${weave:target} ${my.name} ${with-dash} ${UPPER_1}");
        Map<String, String> values = Map.of("weave:target", "app", "my.name", "x", "with-dash", "y", "UPPER_1", "z");
        assertEquals("-- app x y z", new Placeholders(values).apply(f));
    }

    @Test
    void valuesAreInsertedLiterally() throws IOException {
        MigrationFile f = load("V1__a.sql", "SELECT '${v}';");
        assertEquals("SELECT 'a$1\\b${x}';", new Placeholders(Map.of("v", "a$1\\b${x}")).apply(f),
                "replacement characters and placeholders inside values are not interpreted");
    }

    @Test
    void textWithoutPlaceholdersIsReturnedUnchanged() throws IOException {
        MigrationFile f = load("V1__a.sql", "SELECT 1; -- $ { not one } and $x and {y}");
        assertSame(f.text(), new Placeholders(Map.of()).apply(f));
        MigrationFile g = load("V2__b.sql", "SELECT '${ not a name }';");
        assertEquals("SELECT '${ not a name }';", new Placeholders(Map.of()).apply(g));
    }

    @Test
    void missingValueNamesTheFileTheLineAndHowToSetIt() throws IOException {
        MigrationFile f = load("V1__a.sql", "SELECT 1;\r\n-- comment\r\nGRANT ALL TO ${app.owner};\r\n");
        MigrationSourceException e = assertThrows(MigrationSourceException.class,
                () -> new Placeholders(Map.of("other", "x")).apply(f));
        assertEquals(f.path(), e.file());
        assertEquals(3, e.line());
        String m = e.getMessage();
        assertTrue(m.startsWith(f.path() + ":3: "), m);
        assertTrue(m.contains("placeholder ${app.owner} has no value"), m);
        assertTrue(m.contains("placeholders.app.owner"), m);
        assertTrue(m.contains("--placeholder app.owner="), m);
        assertTrue(m.contains("WEAVE_PLACEHOLDER_APP_OWNER"), m);
    }

    @Test
    void emptyValueIsAValue() throws IOException {
        MigrationFile f = load("V1__a.sql", "x${suffix}y");
        assertEquals("xy", new Placeholders(Map.of("suffix", "")).apply(f));
    }

    @Test
    void checksumIsTakenBeforeSubstitution() throws IOException {
        String text = "CREATE SCHEMA ${schema};\n";
        MigrationFile f = load("V1__schema.sql", text);
        assertEquals(Checksums.of(text), f.checksum());
        String forDev = new Placeholders(Map.of("schema", "dev")).apply(f);
        String forProd = new Placeholders(Map.of("schema", "prod")).apply(f);
        assertEquals("CREATE SCHEMA dev;\n", forDev);
        assertEquals("CREATE SCHEMA prod;\n", forProd);
        assertEquals(text, f.text(), "the file's text is not changed by applying placeholders");
        assertEquals(Checksums.of(text), f.checksum(), "changing a placeholder value does not change the checksum");
    }

    @Test
    void readsTheCallersMapAsAView() throws IOException {
        MigrationFile f = load("V1__a.sql", "${late}");
        Map<String, String> values = new HashMap<>();
        Placeholders placeholders = new Placeholders(values);
        values.put("late", "now");
        assertEquals("now", placeholders.apply(f));
    }
}
