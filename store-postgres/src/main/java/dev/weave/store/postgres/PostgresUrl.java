package dev.weave.store.postgres;

import dev.weave.error.ConfigurationException;
import dev.weave.spi.TargetSettings;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code url} setting: {@code jdbc:postgresql://host:port/database?…} or
 * {@code postgres[ql]://user:password@host:port/database?sslmode=…}. Its parts win over the host, port,
 * user and password settings (so a POSTGRES_HOST left in the environment cannot redirect it), which fill in
 * what it leaves out; a {@code database} setting wins over its database, so a fan-out still reaches each one.
 * Messages about it never repeat it: it may carry a password.
 */
record PostgresUrl(String host, Integer port, String database, String user, String password,
                   Map<String, String> parameters) {

    private static final String EXAMPLE = "write postgres://user:password@host:5432/database"
            + " or jdbc:postgresql://host:5432/database";

    /** The target's settings with the url's parts merged in, and the url's other parameters for the driver. */
    static Resolved resolve(TargetSettings s) {
        if (s.get("url").isEmpty()) {
            return new Resolved(s, Map.of());
        }
        PostgresUrl url = parse(s.get("url").get(), s.targetName());
        Map<String, String> merged = new LinkedHashMap<>(s.settings());
        merged.remove("url");
        putIfGiven(merged, "host", url.host);
        putIfGiven(merged, "port", url.port == null ? null : url.port.toString());
        putIfGiven(merged, "user", url.user);
        putIfGiven(merged, "password", url.password);
        if (s.get("database").isEmpty()) {
            putIfGiven(merged, "database", url.database);
        }
        Map<String, String> driver = new LinkedHashMap<>(url.parameters);
        for (String key : new String[] {"user", "password", "sslmode", "sslrootcert"}) {
            String value = driver.remove(key);
            putIfGiven(merged, key, value);
        }
        return new Resolved(s.withSettings(merged), driver);
    }

    record Resolved(TargetSettings settings, Map<String, String> driverProperties) {
    }

    static PostgresUrl parse(String value, String target) {
        String text = value.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("jdbc:postgresql://")) {
            rest = text.substring("jdbc:postgresql://".length());
        } else if (lower.startsWith("postgresql://")) {
            rest = text.substring("postgresql://".length());
        } else if (lower.startsWith("postgres://")) {
            rest = text.substring("postgres://".length());
        } else {
            throw malformed(target, "it must start with jdbc:postgresql://, postgres:// or postgresql://");
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? null : decode(rest.substring(slash + 1), target, "database");
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon), target, "user");
            password = colon < 0 ? null : decode(info.substring(colon + 1), target, "password");
        }
        if (authority.contains(",")) {
            throw malformed(target, "it names several hosts; Weave connects to one server per target");
        }
        String host = authority;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw malformed(target, "an IPv6 host needs its closing ]");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw malformed(target, "text after the IPv6 host must be :port");
                }
                port = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                host = authority.substring(0, colon);
                port = authority.substring(colon + 1);
            }
        }
        Integer portNumber = null;
        if (port != null && !port.isEmpty()) {
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw malformed(target, "its port is not a TCP port (1-65535)");
            }
            portNumber = Integer.parseInt(port);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), target, "parameter name");
            parameters.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1), target, "parameter " + key));
        }
        return new PostgresUrl(host.isEmpty() ? null : host, portNumber, blankToNull(database), blankToNull(user),
                password, Map.copyOf(parameters));
    }

    /** The url without its database path, for a URL that gives only the server. */
    static String withoutDatabase(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.:-]*://[^/?#]*)(/[^?#]*)?", "$1");
    }

    private static void putIfGiven(Map<String, String> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String decode(String part, String target, String what) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(target, "its " + what + " has a % not followed by two hex digits");
        }
    }

    /** Names the setting and the rule, never the value: it may hold a password. */
    private static ConfigurationException malformed(String target, String reason) {
        return new ConfigurationException("target '" + target + "': setting 'url' (or DATABASE_URL) is not a PostgreSQL"
                + " connection URL: " + reason + "; " + EXAMPLE);
    }
}
