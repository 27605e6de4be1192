package dev.weave.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weave.api.ConfigurationException;
import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;

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
 * installedBy: ci
 * lockTimeout: 2m
 * placeholders: { owner: app }
 * stores:                            # settings for every target of a store type
 *   postgres: { host: localhost, port: 5432, user: app, password: ${env:PGPASSWORD} }
 * targets:
 *   app:
 *     store: postgres
 *     folder: app                    # relative to location
 *     cleanDisabled: true
 *     settings: { database: app_prod, schema: public }
 * </pre>
 */
public final class WeaveYaml {

    private static final Set<String> TOP_LEVEL = Set.of("location", "installedBy", "lockTimeout", "connectWait",
            "outOfOrder", "placeholders", "stores", "targets");
    private static final Set<String> TARGET_KEYS = Set.of("store", "folder", "cleanDisabled", "settings");
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private WeaveYaml() {
    }

    public static void apply(Path file, WeaveConfig.Builder builder, Map<String, String> environment) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(file + ":" + e.getLocation().getLineNr() + ": not valid YAML: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return;
        }
        Reader reader = new Reader(file, environment);
        reader.requireObject(root, "the file");
        reader.checkKeys(root, TOP_LEVEL, "top level");
        Path base = file.toAbsolutePath().getParent();
        Path location = root.has("location") ? base.resolve(reader.text(root.get("location"), "location"))
                : base.resolve(".weave/migrations");
        builder.location(location);
        if (root.has("installedBy")) {
            builder.installedBy(reader.text(root.get("installedBy"), "installedBy"));
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

    private record Reader(Path file, Map<String, String> environment) {

        TargetConfig target(String name, JsonNode node) {
            String where = "targets." + name;
            requireObject(node, where);
            checkKeys(node, TARGET_KEYS, where);
            if (!node.has("store")) {
                throw new ConfigurationException(file + ": " + where + ": missing 'store' (e.g. store: postgres)");
            }
            String store = text(node.get("store"), where + ".store");
            Path folder = node.has("folder") ? Path.of(text(node.get("folder"), where + ".folder")) : Path.of(name);
            boolean cleanDisabled = node.has("cleanDisabled") && bool(node.get("cleanDisabled"), where + ".cleanDisabled");
            return new TargetConfig(name, store, folder, map(node.get("settings"), where + ".settings"), cleanDisabled);
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
            if (!node.isValueNode() || node.isNull()) {
                throw new ConfigurationException(file + ": " + where + " must be a single value");
            }
            return interpolate(node.asText(), where);
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

    /** Parses "30s", "2m", "500ms", "1h" or a plain number of seconds. */
    public static final class Durations {
        private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

        private Durations() {
        }

        public static Duration parse(String text, String where) {
            Matcher m = FORMAT.matcher(text.trim());
            if (!m.matches()) {
                throw new ConfigurationException(where + ": '" + text + "' is not a duration; use e.g. 30s, 2m, 500ms");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }
}
