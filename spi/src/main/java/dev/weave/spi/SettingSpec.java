package dev.weave.spi;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One setting a store adapter reads. The declarations are the single source for what {@code --set},
 * {@code weave.yaml} and the Java API may name (an unknown key is an error, never silently ignored), for
 * the environment variables a store reads, for {@code weave db settings} and for the README's tables.
 *
 * @param name         as written in {@code --set name=value} and {@code weave.yaml}
 * @param kind         what the value must be
 * @param defaultValue what applies when nothing sets it, in words where it depends (e.g. "the target name");
 *                     empty when there is none
 * @param environment  the environment variable it is read from, or null
 * @param secret       masked wherever Weave prints anything
 * @param description  one line for people
 * @param flag         also offered as a command-line flag {@code --name}, not only as {@code --set name=…}: for
 *                     the few settings people type often (host, port, user, password, database); the CLI makes
 *                     one flag per name that any adapter offers, and says which stores read it
 */
public record SettingSpec(String name, Kind kind, String defaultValue, String environment, boolean secret,
                          String description, boolean flag) {

    /** What a value must be. */
    public enum Kind {
        TEXT, NUMBER, DURATION, FILE, URL
    }

    public SettingSpec {
        defaultValue = defaultValue == null ? "" : defaultValue;
    }

    public static SettingSpec of(String name, Kind kind, String defaultValue, String environment, String description) {
        return new SettingSpec(name, kind, defaultValue, environment, false, description, false);
    }

    public static SettingSpec secret(String name, String environment, String description) {
        return new SettingSpec(name, Kind.TEXT, "", environment, true, description, false);
    }

    /** This setting, offered as the flag {@code --name} too. */
    public SettingSpec asFlag() {
        return new SettingSpec(name, kind, defaultValue, environment, secret, description, true);
    }

    /** Variable → setting name, in declaration order, for {@link EnvironmentSettings#read}. */
    public static Map<String, String> environmentMapping(Collection<SettingSpec> specs) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (SettingSpec spec : specs) {
            if (spec.environment() != null) {
                mapping.put(spec.environment(), spec.name());
            }
        }
        return mapping;
    }
}
