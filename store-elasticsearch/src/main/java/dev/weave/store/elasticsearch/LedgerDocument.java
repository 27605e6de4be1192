package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One ledger entry as stored: document id = rank, fields named like the PostgreSQL ledger's columns
 * (which follow Flyway's), so people find their way around every store's ledger alike. Written and read
 * field by field (see {@link Json}): null fields are left out, unknown fields are skipped.
 */
record LedgerDocument(
        int installedRank,
        String version,
        String description,
        String type,
        String script,
        String checksum,
        String installedBy,
        String installedOn,
        long executionTime,
        boolean success) {

    static LedgerDocument of(LedgerEntry e) {
        Instant on = (e.installedOn() == null ? Instant.now() : e.installedOn()).truncatedTo(ChronoUnit.MILLIS);
        return new LedgerDocument(e.rank(), e.version(), e.description(), e.type().name(), e.script(), e.checksum(),
                e.installedBy() == null ? "unknown" : e.installedBy(), on.toString(), e.executionMillis(), e.success());
    }

    LedgerEntry toEntry() {
        return new LedgerEntry(installedRank, version, description, EntryType.valueOf(type), script, checksum, installedBy,
                installedOn == null ? null : Instant.parse(installedOn), executionTime, success);
    }

    /** The document's JSON, fields in this order. */
    String toJson() {
        return Json.object(g -> {
            g.writeNumberField("installed_rank", installedRank);
            Json.field(g, "version", version);
            Json.field(g, "description", description);
            Json.field(g, "type", type);
            Json.field(g, "script", script);
            Json.field(g, "checksum", checksum);
            Json.field(g, "installed_by", installedBy);
            Json.field(g, "installed_on", installedOn);
            g.writeNumberField("execution_time", executionTime);
            g.writeBooleanField("success", success);
        });
    }

    /** Reads one document; the parser is at its {@code START_OBJECT} and is left at its {@code END_OBJECT}. */
    static LedgerDocument read(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("a ledger document is not a JSON object but " + p.currentToken());
        }
        int rank = 0;
        String version = null;
        String description = null;
        String type = null;
        String script = null;
        String checksum = null;
        String installedBy = null;
        String installedOn = null;
        long executionTime = 0;
        boolean success = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "installed_rank" -> rank = p.getValueAsInt();
                case "version" -> version = Json.text(p);
                case "description" -> description = Json.text(p);
                case "type" -> type = Json.text(p);
                case "script" -> script = Json.text(p);
                case "checksum" -> checksum = Json.text(p);
                case "installed_by" -> installedBy = Json.text(p);
                case "installed_on" -> installedOn = Json.text(p);
                case "execution_time" -> executionTime = p.getValueAsLong();
                case "success" -> success = p.getValueAsBoolean();
                default -> {
                }
            }
            p.skipChildren(); // an object or array value: past its end (nothing for scalars)
        }
        return new LedgerDocument(rank, version, description, type, script, checksum, installedBy, installedOn,
                executionTime, success);
    }
}
