package dev.weave.spi.schema;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One object of a store's schema in a store-neutral, comparable form: what it is ({@code table}, {@code column},
 * {@code index}, {@code constraint}, {@code mapping field} …), its name (qualified enough to be unique within its
 * kind: {@code public.users.email}) and its attributes as text. Two objects are the same object when kind and name
 * match, and equal when their attributes match too; the store chooses attributes so that equal means "the store
 * behaves the same", leaving out what the server makes up (oids, generated names, creation times).
 */
public record SchemaObject(String kind, String name, SortedMap<String, String> attributes) {

    public SchemaObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    public static SchemaObject of(String kind, String name, Map<String, String> attributes) {
        TreeMap<String, String> kept = new TreeMap<>();
        attributes.forEach((k, v) -> {
            if (v != null) {
                kept.put(k, v);
            }
        });
        return new SchemaObject(kind, name, kept);
    }

    /** What identifies it: kind and name. */
    public String key() {
        return kind + " " + name;
    }

    /** An attribute, or null. */
    public String get(String attribute) {
        return attributes.get(attribute);
    }

    /** "table public.users" for messages. */
    @Override
    public String toString() {
        return key();
    }
}
