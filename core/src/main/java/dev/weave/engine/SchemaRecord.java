package dev.weave.engine;

import dev.weave.spi.StoreConnection;
import dev.weave.spi.schema.SchemaSnapshot;
import dev.weave.spi.schema.StoreSchema;

/**
 * After a migrate, under its lock, a store whose {@code weave db diff} compares against a recorded snapshot gets the
 * schema as it now stands recorded — only when it changed, so an up-to-date run writes nothing.
 */
final class SchemaRecord {

    private SchemaRecord() {
    }

    static void afterMigrate(TargetContext ctx, StoreConnection connection) {
        StoreSchema schema = ctx.target().adapter().schema();
        if (schema == null || schema.reference() != StoreSchema.Reference.RECORDED_SNAPSHOT) {
            return;
        }
        SchemaSnapshot now = connection.readSchema();
        SchemaSnapshot recorded = connection.readRecordedSchema();
        if (recorded == null || !recorded.text().equals(now.text())) {
            connection.recordSchema(now);
        }
    }
}
