package dev.weave.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentSettingsTest {

    private static final Map<String, String> MAPPING = Map.of(
            "STORE_HOST", "host",
            "STORE_PORT", "port",
            "STORE_PASSWORD", "password");

    @Test
    void mappedVariablesBecomeSettings() {
        Map<String, String> environment = Map.of("STORE_HOST", "db", "STORE_PASSWORD", "s3cret", "PATH", "/bin");
        assertEquals(Map.of("host", "db", "password", "s3cret"), EnvironmentSettings.read(environment, MAPPING));
    }

    @Test
    void unsetAndBlankVariablesGiveNoSetting() {
        Map<String, String> environment = new HashMap<>();
        environment.put("STORE_HOST", " \t");
        environment.put("STORE_PORT", "");
        environment.put("STORE_PASSWORD", null);
        assertTrue(EnvironmentSettings.read(environment, MAPPING).isEmpty());
        assertTrue(EnvironmentSettings.read(Map.of(), MAPPING).isEmpty());
    }

    @Test
    void valuesAreKeptAsGivenInTheMappingsOrder() {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("STORE_USER", "user");
        mapping.put("STORE_HOST", "host");
        mapping.put("STORE_PORT", "port");
        Map<String, String> environment = Map.of("STORE_HOST", " db ", "STORE_USER", "app", "STORE_PORT", "5433");

        Map<String, String> settings = EnvironmentSettings.read(environment, mapping);

        assertEquals(List.of("user", "host", "port"), new ArrayList<>(settings.keySet()));
        assertEquals(" db ", settings.get("host"), "values are not stripped");
    }

    @Test
    void theResultCanBeChanged() {
        Map<String, String> settings = EnvironmentSettings.read(Map.of("STORE_HOST", "db"), MAPPING);
        settings.put("port", "1");
        assertEquals(Map.of("host", "db", "port", "1"), settings);
    }
}
