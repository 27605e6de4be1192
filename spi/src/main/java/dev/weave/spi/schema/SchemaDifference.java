package dev.weave.spi.schema;

import java.util.List;

/**
 * One way two schemas differ, seen from the expected one: an object it has that the other lacks (MISSING), one
 * only the other has (EXTRA), or one both have with other attributes (CHANGED, naming them).
 *
 * @param expected the object as the expected schema has it (what the migrations produce, or the desired model);
 *                 null for EXTRA
 * @param actual   the object as the compared schema has it (the live store, or what the migrations produce);
 *                 null for MISSING
 * @param changed  the attributes that differ, for CHANGED; empty otherwise
 */
public record SchemaDifference(Kind kind, SchemaObject expected, SchemaObject actual, List<String> changed) {

    public enum Kind { MISSING, EXTRA, CHANGED }

    public SchemaDifference {
        changed = List.copyOf(changed);
    }

    public SchemaObject object() {
        return expected != null ? expected : actual;
    }

    /**
     * "missing table public.audit", "changed column public.users.email (type: text → varchar(200))", a change read
     * from the expected value to the compared one: for drift, from what the migrations say to what is live.
     */
    public String describe() {
        return describe(false);
    }

    /**
     * As {@link #describe()}, a change read from the compared value to the expected one: for a declared schema, from
     * what the migrations produce to what is declared.
     */
    public String describeTowardsExpected() {
        return describe(true);
    }

    private String describe(boolean towardsExpected) {
        String what = kind.name().toLowerCase(java.util.Locale.ROOT) + " " + object().key();
        if (kind != Kind.CHANGED) {
            return what;
        }
        StringBuilder s = new StringBuilder(what).append(" (");
        for (int i = 0; i < changed.size(); i++) {
            String a = changed.get(i);
            SchemaObject from = towardsExpected ? actual : expected;
            SchemaObject to = towardsExpected ? expected : actual;
            s.append(i == 0 ? "" : "; ").append(a).append(": ").append(shown(from.get(a))).append(" → ")
                    .append(shown(to.get(a)));
        }
        return s.append(')').toString();
    }

    private static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        String one = value.replaceAll("\\s+", " ").trim();
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }
}
