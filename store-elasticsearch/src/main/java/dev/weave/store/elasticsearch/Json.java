package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON for Weave's own requests, written and read with Jackson's streaming API: no data binding, no
 * reflection over the documents' classes, so a cold JVM does little work before the first request.
 */
final class Json {

    /** Trees for short answers (errors, a lock or ledger document); its factory streams the long ones. */
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /** Writes the fields of one JSON object. */
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** {@code {…}} with the fields {@code fields} writes. */
    static String object(Fields fields) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** A string field, left out when null (as the documents were always written: no null fields). */
    static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** The current value as text; null for JSON null, an object or an array (skipped). */
    static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        return t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
    }
}
