package dev.weave.store.elasticsearch;

import dev.weave.spi.SettingSpec;

import java.util.List;

import static dev.weave.spi.SettingSpec.Kind.DURATION;
import static dev.weave.spi.SettingSpec.Kind.FILE;
import static dev.weave.spi.SettingSpec.Kind.NUMBER;
import static dev.weave.spi.SettingSpec.Kind.TEXT;

/** The settings an Elasticsearch target reads: the one list for validation, {@code weave db settings} and the README. */
final class ElasticsearchSettings {

    static final List<SettingSpec> ALL = List.of(
            SettingSpec.of("host", TEXT, "localhost", "ELASTICSEARCH_HOST", "node host name or address").asFlag(),
            SettingSpec.of("port", NUMBER, "9200", "ELASTICSEARCH_PORT", "HTTP port").asFlag(),
            SettingSpec.of("scheme", TEXT, "http", "ELASTICSEARCH_SCHEME", "http or https"),
            SettingSpec.of("user", TEXT, "", "ELASTICSEARCH_USER", "user for basic authentication").asFlag(),
            SettingSpec.secret("password", "ELASTICSEARCH_PASSWORD", "that user's password").asFlag(),
            SettingSpec.secret("apiKey", "ELASTICSEARCH_API_KEY", "API key (the encoded form), instead of user and password"),
            SettingSpec.of("caCertificate", FILE, "", "ELASTICSEARCH_CA_CERTIFICATE", "PEM file of the CA that signed the node's certificate"),
            SettingSpec.of("ledgerIndex", TEXT, "weave_schema_history", null, "ledger index"),
            SettingSpec.of("indexPrefix", TEXT, "", null, "prefix of Weave's own indices (ledger and lock)"),
            SettingSpec.of("lockLease", DURATION, "30s", null, "lease of the lock document, renewed while a run holds it"));

    private ElasticsearchSettings() {
    }
}
