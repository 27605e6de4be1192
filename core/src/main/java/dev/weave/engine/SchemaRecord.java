package dev.weave.engine;

import dev.weave.spi.StoreConnection;
import dev.weave.spi.schema.SchemaSnapshot;
import dev.weave.spi.schema.StoreSchema;

/**
 * After a migrate, under its lock, a store whose {@code weave db diff} compares against a recorded snapshot gets the
 * schema as it now stands recorded — after a run that applied something, or when none is recorded yet (a ledger
 * older than snapshots), and only when it changed. An up-to-date run reads one record and writes nothing, and does
 * not take a change made by hand since the last run into the record, so diff still finds it.
 */
final class SchemaRecord {

    private SchemaRecord() {
    }

    static void afterMigrate(TargetContext ctx, StoreConnection connection, int applied) {
        StoreSchema schema = ctx.target().adapter().schema();
        if (schema == null || schema.reference() != StoreSchema.Reference.RECORDED_SNAPSHOT) {
            return;
        }
        SchemaSnapshot recorded = connection.readRecordedSchema();
        if (applied == 0 && recorded != null) {
            return;
        }
        SchemaSnapshot now = connection.readSchema();
        if (recorded == null || !recorded.text().equals(now.text())) {
            connection.recordSchema(now);
        }
    }
}
