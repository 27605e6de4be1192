package dev.weave.api;

import dev.weave.spi.schema.SchemaDifference;

import java.util.List;

/**
 * What {@code weave db diff} found: how the compared schema differs from the expected one. For drift the expected
 * schema is what the migrations produce and the compared one the live store; with {@code --desired}, the expected
 * one is the declared schema and the compared one what the migrations produce.
 *
 * @param expected  what was taken as the expected schema, for the report ("the migrations, replayed into scratch
 *                  database weave_scratch_app_1f2e3d4c (dropped)", "the declared schema .weave/schema/app.sql")
 * @param compared  what was compared with it ("the live database", "the migrations …")
 * @param objects   how many objects the expected schema holds
 */
public record DiffResult(String target, String storeType, String expected, String compared, int objects,
                         List<SchemaDifference> differences) {

    public DiffResult {
        differences = List.copyOf(differences);
    }

    public boolean equal() {
        return differences.isEmpty();
    }
}
