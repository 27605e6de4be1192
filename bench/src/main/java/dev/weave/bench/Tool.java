package dev.weave.bench;

import java.util.Locale;

/** Who sends the statements: Weave, the store's peer tool, or the floor (a minimal client, no ledger). */
enum Tool {
    WEAVE, PEER, FLOOR;

    static Tool of(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String label(Store store) {
        return switch (this) {
            case WEAVE -> "Weave";
            case PEER -> store.peer;
            case FLOOR -> "floor";
        };
    }
}
