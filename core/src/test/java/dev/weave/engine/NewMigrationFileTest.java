package dev.weave.engine;

import dev.weave.discovery.MigrationFileName;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NewMigrationFileTest {

    @ParameterizedTest
    @CsvSource({
            "1, 2",
            "7, 8",
            "9, 10",
            "0007, 0008",
            "0009, 0010",
            "0099, 0100",
            "0999, 1000",
            "9999, 10000",
            "1.2, 1.3",
            "1.9, 1.10",
            "1.2.3, 1.2.4",
            "1.09, 1.10",
            "2024_01_15, 2024_01_16",
            "2024_01_31, 2024_01_32",
            "1_0, 1_1",
            "99999999999999999999, 100000000000000000000"})
    void nextVersion(String highest, String next) {
        String result = NewMigrationFile.next(MigrationVersion.parse(highest));
        assertEquals(next, result);
        assertTrue(MigrationVersion.parse(result).compareTo(MigrationVersion.parse(highest)) > 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Add user preferences!|add_user_preferences",
            "add user preferences|add_user_preferences",
            "  Add   user -- preferences  |add_user_preferences",
            "create_table users|create_table_users",
            "V2 fix: index (orders)|v2_fix_index_orders",
            "Grüße an Zoë|grüße_an_zoë",
            "!!!|''",
            "'   '|''",
            "ALTER TABLE orders ADD COLUMN total_2|alter_table_orders_add_column_total_2",
            "__leading and trailing__|leading_and_trailing"})
    void slug(String message, String slug) {
        assertEquals(slug, NewMigrationFile.slug(message));
    }

    @ParameterizedTest
    @CsvSource({"0099, Add user preferences!", "2024_01_15, fix: orders", "1.9, x"})
    void nextFileNameIsAValidMigrationName(String highest, String message) {
        String name = "V" + NewMigrationFile.next(MigrationVersion.parse(highest)) + "__" + NewMigrationFile.slug(message) + ".sql";
        MigrationFileName.Result result = MigrationFileName.parse(name, List.of(".sql"));
        assertEquals(null, result.problem(), name);
        assertEquals(MigrationKind.VERSIONED, result.parsed().kind());
    }
}
