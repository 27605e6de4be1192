package dev.weave.api;

import java.util.List;

/**
 * What {@code weave db adopt} took over from another tool's history, or would take with {@code dryRun}.
 *
 * @param tool     the tool whose history was read, e.g. {@code flyway}
 * @param location where it was read from (table, label, index)
 * @param mapping  one line per row of the old history, in its order
 * @param written  how many ledger entries were written (0 for a dry run, or when everything was adopted before)
 */
public record AdoptResult(String target, String storeType, String tool, String location, List<Mapping> mapping,
                          int written, boolean dryRun) {

    /**
     * One row of the old history and what became of it.
     *
     * @param from     the old row, as "flyway_schema_history rank 3 (version 2)"
     * @param to       the Weave entry, as "ADOPTED V2 add users", or why nothing is written for it
     * @param checksum the verdict: MATCH, NOT_RECORDED (the tool keeps none), NO_FILE, or SKIPPED
     * @param already  whether Weave's ledger has it from an earlier adopt
     */
    public record Mapping(String from, String to, String checksum, boolean already) {
    }
}
