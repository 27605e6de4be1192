package dev.weave.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.error.ConfigurationException;
import dev.weave.spi.Durations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code weave.yaml} into a {@link WeaveConfig.Builder}. Unknown keys are errors (a typo must not
 * silently fall back to a default), and {@code ${env:NAME}} in a value reads the environment so that
 * passwords need not be written into the file.
 *
 * <pre>
 * location: .weave/migrations        # relative to this file
 * schemaLocation: .weave/schema      # declared schemas for create --auto (default: schema beside location)
 * installedBy: ci
 * lockTimeout: 2m
 * maxScriptSize: 100MiB              # larger migration files are refused before anything runs
 * placeholders: { owner: app }
 * stores:                            # settings for every target of a store type
 *   postgres: { host: localhost, port: 5432, user: app, password: "${env:PGPASSWORD}" }
 * targets:
 *   app:
 *     store: postgres
 *     folder: app                    # relative to location
 *     cleanDisabled: true
 *     settings: { database: app_prod, schema: public }
 * </pre>
 */
public final class WeaveYaml {

    private static final Set<String> TOP_LEVEL = Set.of("location", "schemaLocation", "installedBy", "lockTimeout", "connectWait",
            "outOfOrder", "maxScriptSize", "placeholders", "stores", "targets");
    private static final Set<String> TARGET_KEYS = Set.of("store", "folder", "cleanDisabled", "settings", "databases");
    /** Glob and LIKE syntax users may expect in a databases pattern; only '*' is one. */
    private static final Pattern NOT_A_WILDCARD = Pattern.compile("[?\\[\\]{}%]");
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private WeaveYaml() {
    }

    public static void apply(Path file, WeaveConfig.Builder builder, Map<String, String> environment) {
        JsonNode root;
        try {
            root = readTree(file, Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(file + (e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr())
                    + ": not valid YAML: " + yamlProblem(e));
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        if (root == null || root.isNull() || root.isMissingNode()) {
            builder.location(base.resolve(".weave/migrations"));
            return;
        }
        Reader reader = new Reader(file, environment);
        reader.requireObject(root, "the file");
        reader.checkKeys(root, TOP_LEVEL, "top level");
        Path location = root.has("location") ? base.resolve(reader.nonEmpty(root.get("location"), "location"))
                : base.resolve(".weave/migrations");
        builder.location(location);
        if (root.has("schemaLocation")) {
            builder.schemaLocation(base.resolve(reader.nonEmpty(root.get("schemaLocation"), "schemaLocation")));
        }
        if (root.has("installedBy")) {
            builder.installedBy(reader.nonEmpty(root.get("installedBy"), "installedBy"));
        }
        if (root.has("maxScriptSize")) {
            String text = reader.text(root.get("maxScriptSize"), "maxScriptSize");
            long size = Sizes.parse(text, file + ": maxScriptSize");
            if (size < 1 || size > WeaveConfig.LARGEST_MAX_SCRIPT_SIZE) {
                throw new ConfigurationException(file + ": maxScriptSize must be between 1 byte and 1GiB (files are read"
                        + " whole), got " + text);
            }
            builder.maxScriptSize(size);
        }
        if (root.has("lockTimeout")) {
            builder.lockTimeout(Durations.parse(reader.text(root.get("lockTimeout"), "lockTimeout"), file + ": lockTimeout"));
        }
        if (root.has("connectWait")) {
            builder.connectWait(Durations.parse(reader.text(root.get("connectWait"), "connectWait"), file + ": connectWait"));
        }
        if (root.has("outOfOrder")) {
            builder.outOfOrder(reader.bool(root.get("outOfOrder"), "outOfOrder"));
        }
        reader.map(root.get("placeholders"), "placeholders").forEach(builder::placeholder);
        JsonNode stores = root.get("stores");
        if (stores != null) {
            reader.requireObject(stores, "stores");
            stores.fields().forEachRemaining(e -> reader.map(e.getValue(), "stores." + e.getKey())
                    .forEach((k, v) -> builder.storeSetting(e.getKey(), k, v)));
        }
        JsonNode targets = root.get("targets");
        if (targets != null) {
            reader.requireObject(targets, "targets");
            for (Iterator<Map.Entry<String, JsonNode>> it = targets.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                builder.target(reader.target(e.getKey(), e.getValue()));
            }
        }
    }

    /**
     * The parser's reason without the excerpt of the file that SnakeYAML quotes under it: the line it
     * quotes may hold a password (the mask cannot know it, the file did not parse).
     */
    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
            org.yaml.snakeyaml.error.Mark at = m.getProblemMark();
            return (m.getContext() == null ? "" : m.getContext() + ": ") + m.getProblem()
                    + (at == null ? "" : " (line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")");
        }
        String message = e.getOriginalMessage();
        int excerpt = message == null ? -1 : message.indexOf("\n");
        return excerpt < 0 ? message : message.substring(0, excerpt);
    }

    /**
     * Reads the YAML into a tree whose scalars keep the text as written: YAML 1.1 would otherwise turn
     * {@code password: 007} into "7", {@code release: 1.10} into "1.1" and {@code country: NO} into "false".
     * A key given twice in one mapping is an error instead of silently dropping the first value.
     */
    private static JsonNode readTree(Path file, String text) throws IOException {
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            return parser.nextToken() == null ? null : node(file, parser);
        }
    }

    private static JsonNode node(Path file, JsonParser parser) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int line = parser.currentLocation().getLineNr();
                    parser.nextToken();
                    if (object.has(key)) {
                        throw new ConfigurationException(file + ":" + line + ": duplicate key '" + key
                                + "': each key may appear once in a mapping");
                    }
                    object.set(key, node(file, parser));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(node(file, parser));
                }
                return array;
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> {
                return nodes.textNode(parser.getText());
            }
        }
    }

    private record Reader(Path file, Map<String, String> environment) {

        TargetConfig target(String name, JsonNode node) {
            String where = "targets." + name;
            requireObject(node, where);
            checkKeys(node, TARGET_KEYS, where);
            if (!node.has("store")) {
                throw new ConfigurationException(file + ": " + where + ": missing 'store': name the target's store type");
            }
            String store = nonEmpty(node.get("store"), where + ".store");
            Path folder = node.has("folder") ? Path.of(nonEmpty(node.get("folder"), where + ".folder")) : Path.of(name);
            boolean cleanDisabled = node.has("cleanDisabled") && bool(node.get("cleanDisabled"), where + ".cleanDisabled");
            Map<String, String> settings = map(node.get("settings"), where + ".settings");
            java.util.List<String> databases = databases(node.get("databases"), where + ".databases");
            return new TargetConfig(name, store, folder, settings, cleanDisabled, databases);
        }

        /** {@code databases: [a, b]} or {@code databases: "tenant_*"}: the fan-out of a multi-tenant target. */
        java.util.List<String> databases(JsonNode node, String where) {
            java.util.List<String> out = new java.util.ArrayList<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (node.isArray()) {
                node.forEach(item -> out.add(text(item, where + "[]")));
            } else {
                out.add(text(node, where));
            }
            if (out.isEmpty() || out.stream().anyMatch(String::isBlank)) {
                throw new ConfigurationException(file + ": " + where + " must name databases, e.g. [tenant_a, tenant_b] or \"tenant_*\"");
            }
            for (String entry : out) {
                Matcher wildcard = NOT_A_WILDCARD.matcher(entry);
                if (wildcard.find()) {
                    throw new ConfigurationException(file + ": " + where + ": '" + entry + "' uses '" + wildcard.group()
                            + "', which is no wildcard here: only * matches (any characters), e.g. \"tenant_*\"");
                }
            }
            return out;
        }

        void requireObject(JsonNode node, String where) {
            if (!node.isObject()) {
                throw new ConfigurationException(file + ": " + where + " must be a mapping of keys to values");
            }
        }

        void checkKeys(JsonNode node, Set<String> allowed, String where) {
            node.fieldNames().forEachRemaining(key -> {
                if (!allowed.contains(key)) {
                    throw new ConfigurationException(file + ": unknown key '" + key + "' in " + where
                            + "; allowed keys: " + String.join(", ", allowed.stream().sorted().toList()));
                }
            });
        }

        Map<String, String> map(JsonNode node, String where) {
            Map<String, String> out = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return out;
            }
            requireObject(node, where);
            node.fields().forEachRemaining(e -> out.put(e.getKey(), text(e.getValue(), where + "." + e.getKey())));
            return out;
        }

        String text(JsonNode node, String where) {
            if (node.isNull()) {
                throw new ConfigurationException(file + ": " + where + " has no value; give it one"
                        + " (write \"\" for an empty text)");
            }
            if (!node.isValueNode()) {
                throw new ConfigurationException(file + ": " + where + " must be a single value");
            }
            return interpolate(node.asText(), where);
        }

        /** A value that names something (a folder, a store, a user): empty text would silently mean "here" or "nobody". */
        String nonEmpty(JsonNode node, String where) {
            String value = text(node, where);
            if (value.isBlank()) {
                throw new ConfigurationException(file + ": " + where + " is empty; give it a value or remove the key");
            }
            return value;
        }

        boolean bool(JsonNode node, String where) {
            String value = text(node, where);
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new ConfigurationException(file + ": " + where + " must be true or false, got '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        String interpolate(String value, String where) {
            Matcher m = ENV.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String env = environment.get(m.group(1));
                if (env == null) {
                    throw new ConfigurationException(file + ": " + where + " reads ${env:" + m.group(1)
                            + "} but that environment variable is not set");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(env));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    /** Parses "100MiB", "512KiB", "1GiB" or a plain number of bytes (no MB/GB: 1000 or 1024 would be a guess). */
    public static final class Sizes {
        private static final Pattern FORMAT = Pattern.compile("(\\d{1,10})\\s*(B|KiB|MiB|GiB)?");

        private Sizes() {
        }

        public static long parse(String text, String where) {
            Matcher m = FORMAT.matcher(text.trim());
            if (!m.matches()) {
                throw new ConfigurationException(where + ": '" + text + "' is not a size; use e.g. 100MiB, 512KiB, 1GiB");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "B" : m.group(2)) {
                case "KiB" -> n << 10;
                case "MiB" -> n << 20;
                case "GiB" -> n << 30;
                default -> n;
            };
        }
    }
}
