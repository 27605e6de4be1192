package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One ledger entry as stored: document id = rank, fields named like the PostgreSQL ledger's columns
 * (which follow Flyway's), so people find their way around every store's ledger alike.
 */
record LedgerDocument(
        @JsonProperty("installed_rank") int installedRank,
        @JsonProperty("version") String version,
        @JsonProperty("description") String description,
        @JsonProperty("type") String type,
        @JsonProperty("script") String script,
        @JsonProperty("checksum") String checksum,
        @JsonProperty("installed_by") String installedBy,
        @JsonProperty("installed_on") String installedOn,
        @JsonProperty("execution_time") long executionTime,
        @JsonProperty("success") boolean success) {

    static LedgerDocument of(LedgerEntry e) {
        Instant on = (e.installedOn() == null ? Instant.now() : e.installedOn()).truncatedTo(ChronoUnit.MILLIS);
        return new LedgerDocument(e.rank(), e.version(), e.description(), e.type().name(), e.script(), e.checksum(),
                e.installedBy() == null ? "unknown" : e.installedBy(), on.toString(), e.executionMillis(), e.success());
    }

    LedgerEntry toEntry() {
        return new LedgerEntry(installedRank, version, description, EntryType.valueOf(type), script, checksum, installedBy,
                installedOn == null ? null : Instant.parse(installedOn), executionTime, success);
    }
}
