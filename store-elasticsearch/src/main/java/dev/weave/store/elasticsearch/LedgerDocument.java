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
                installedOn == null ? null : instant(installedOn), executionTime, success);
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

    /**
     * The {@code installed_on} text as written ({@link Instant#toString()}: {@code 2026-11-22T03:24:04.519Z}) read
     * without {@link Instant#parse}, whose formatter machinery was ~85 ms of a cold read of 10,000 entries; any
     * other form a person may have stored goes through {@link Instant#parse}.
     */
    static Instant instant(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int nanos = 0;
            boolean plain = n == 20;
            if (n > 21 && text.charAt(19) == '.' && n - 21 <= 9) {
                int fraction = digits(text, 20, n - 1);
                nanos = fraction < 0 ? -1 : fraction * (int) Math.pow(10, 9 - (n - 21));
                plain = true;
            }
            if (plain && year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && nanos >= 0
                    && day <= java.time.YearMonth.of(year, month).lengthOfMonth()) {
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number in {@code text[from, to)}; -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
