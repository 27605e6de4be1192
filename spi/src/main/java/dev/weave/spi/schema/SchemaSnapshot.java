package dev.weave.spi.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A store's schema as {@link SchemaObject}s, in the order the store read them (creation order where it knows it,
 * which a generated migration follows), compared by key. {@link #text()} is a stable form (sorted by key, one
 * attribute per line) that a store can record in its ledger and {@link #parse} reads back.
 */
public record SchemaSnapshot(List<SchemaObject> objects) {

    public SchemaSnapshot {
        objects = List.copyOf(objects);
        Map<String, SchemaObject> seen = new LinkedHashMap<>();
        for (SchemaObject o : objects) {
            if (seen.put(o.key(), o) != null) {
                throw new IllegalArgumentException("two schema objects are both " + o.key());
            }
        }
    }

    public static final SchemaSnapshot EMPTY = new SchemaSnapshot(List.of());

    public Map<String, SchemaObject> byKey() {
        Map<String, SchemaObject> map = new LinkedHashMap<>();
        objects.forEach(o -> map.put(o.key(), o));
        return map;
    }

    /**
     * How {@code other} differs from this, the expected schema: what this has and other lacks (in this
     * snapshot's order), what other has and this lacks (in other's order), and what both have but unequal.
     */
    public List<SchemaDifference> differencesTo(SchemaSnapshot other) {
        Map<String, SchemaObject> theirs = other.byKey();
        Map<String, SchemaObject> ours = byKey();
        List<SchemaDifference> out = new ArrayList<>();
        for (SchemaObject mine : objects) {
            SchemaObject their = theirs.get(mine.key());
            if (their == null) {
                out.add(new SchemaDifference(SchemaDifference.Kind.MISSING, mine, null, List.of()));
            } else if (!their.attributes().equals(mine.attributes())) {
                TreeMap<String, Boolean> names = new TreeMap<>();
                mine.attributes().keySet().forEach(k -> names.put(k, true));
                their.attributes().keySet().forEach(k -> names.put(k, true));
                List<String> changed = names.keySet().stream()
                        .filter(k -> !java.util.Objects.equals(mine.get(k), their.get(k))).toList();
                out.add(new SchemaDifference(SchemaDifference.Kind.CHANGED, mine, their, changed));
            }
        }
        for (SchemaObject their : other.objects) {
            if (!ours.containsKey(their.key())) {
                out.add(new SchemaDifference(SchemaDifference.Kind.EXTRA, null, their, List.of()));
            }
        }
        return out;
    }

    /**
     * The stable text form: objects sorted by key, each as its key on a line of its own followed by its attributes
     * indented ({@code   name: value}, line breaks in a value written as {@code \n}, backslashes doubled).
     */
    public String text() {
        StringBuilder s = new StringBuilder();
        objects.stream().sorted(java.util.Comparator.comparing(SchemaObject::kind).thenComparing(SchemaObject::name))
                .forEach(o -> {
                    s.append(escape(o.kind())).append('\t').append(escape(o.name())).append('\n');
                    o.attributes().forEach((k, v) -> s.append("  ").append(escape(k)).append(": ").append(escape(v))
                            .append('\n'));
                });
        return s.toString();
    }

    /** Reads {@link #text()} back. */
    public static SchemaSnapshot parse(String text) {
        List<SchemaObject> objects = new ArrayList<>();
        String kind = null;
        String name = null;
        TreeMap<String, String> attributes = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("  ")) {
                int colon = line.indexOf(": ");
                if (kind == null || colon < 0) {
                    throw new IllegalArgumentException("not a schema snapshot line: " + line);
                }
                attributes.put(unescape(line.substring(2, colon)), unescape(line.substring(colon + 2)));
            } else {
                if (kind != null) {
                    objects.add(new SchemaObject(kind, name, attributes));
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IllegalArgumentException("not a schema snapshot line: " + line);
                }
                kind = unescape(line.substring(0, tab));
                name = unescape(line.substring(tab + 1));
                attributes = new TreeMap<>();
            }
        }
        if (kind != null) {
            objects.add(new SchemaObject(kind, name, attributes));
        }
        return new SchemaSnapshot(objects);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
