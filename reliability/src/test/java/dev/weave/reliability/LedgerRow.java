package dev.weave.reliability;

/** One ledger entry as a store holds it, read straight from the store (not through Weave). */
record LedgerRow(int rank, String version, String type, String script, boolean success) {

    boolean versioned() {
        return version != null && !"REPEATABLE".equalsIgnoreCase(type);
    }

    @Override
    public String toString() {
        return rank + ":" + (version == null ? "R" : "V" + version) + "(" + type + ", " + script + ", "
                + (success ? "success" : "FAILED") + ")";
    }
}
