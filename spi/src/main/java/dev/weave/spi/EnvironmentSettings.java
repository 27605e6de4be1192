package dev.weave.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/** For {@link StoreAdapter#environmentSettings}: settings read from environment variables by a fixed mapping. */
public final class EnvironmentSettings {

    private EnvironmentSettings() {
    }

    /**
     * The settings that {@code variableToSetting} maps from the variables set in {@code environment}, in the
     * mapping's iteration order; an unset or blank variable gives no setting.
     */
    public static Map<String, String> read(Map<String, String> environment, Map<String, String> variableToSetting) {
        Map<String, String> settings = new LinkedHashMap<>();
        variableToSetting.forEach((variable, setting) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                settings.put(setting, value);
            }
        });
        return settings;
    }
}
