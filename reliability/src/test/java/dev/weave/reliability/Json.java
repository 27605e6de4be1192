package dev.weave.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The JSON a {@code --json} run printed on stdout. */
    static JsonNode of(WeaveProcess.Result run) {
        try {
            return MAPPER.readTree(run.out());
        } catch (IOException e) {
            throw new AssertionError("stdout is not JSON: " + run, e);
        }
    }
}
