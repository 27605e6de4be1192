package dev.weave.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an IDE completes: every weave.* property is in the jar's metadata, with its description. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsDescribedForTheIde() throws Exception {
        Map<String, String> described = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "spring-configuration-metadata.json is in the jar");
            for (JsonNode p : new ObjectMapper().readTree(in).path("properties")) {
                described.put(p.path("name").asText(), p.path("description").asText());
            }
        }
        for (String name : new String[] {"weave.enabled", "weave.location", "weave.config-file", "weave.mode", "weave.targets",
                "weave.exclude-stores", "weave.validate-on-migrate", "weave.fail-on-pending", "weave.settings",
                "weave.clients", "weave.placeholders", "weave.lock-timeout", "weave.connect-wait"}) {
            assertTrue(described.containsKey(name), name + " in " + described.keySet());
            assertTrue(described.get(name).length() > 10, name + " has a description");
        }
    }
}
