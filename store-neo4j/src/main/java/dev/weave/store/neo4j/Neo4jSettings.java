package dev.weave.store.neo4j;

import dev.weave.spi.SettingSpec;

import java.util.List;

import static dev.weave.spi.SettingSpec.Kind.DURATION;
import static dev.weave.spi.SettingSpec.Kind.FILE;
import static dev.weave.spi.SettingSpec.Kind.NUMBER;
import static dev.weave.spi.SettingSpec.Kind.TEXT;
import static dev.weave.spi.SettingSpec.Kind.URL;

/** The settings a Neo4j target reads: the one list for validation, {@code weave db settings} and the README. */
final class Neo4jSettings {

    static final List<SettingSpec> ALL = List.of(
            SettingSpec.of("uri", URL, "bolt://localhost:7687", "NEO4J_URI",
                    "bolt://, neo4j:// (routing), +s / +ssc for TLS, passed to the driver as given"),
            SettingSpec.of("host", TEXT, "the uri's", null, "replaces the uri's host").asFlag(),
            SettingSpec.of("port", NUMBER, "the uri's (7687)", null, "replaces the uri's port").asFlag(),
            SettingSpec.of("user", TEXT, "neo4j", "NEO4J_USER", "user to connect as; the ledger's installedBy").asFlag(),
            SettingSpec.secret("password", "NEO4J_PASSWORD", "that user's password").asFlag(),
            SettingSpec.of("database", TEXT, "the server's default", "NEO4J_DATABASE", "database holding the graph and the ledger").asFlag(),
            SettingSpec.of(CaCertificate.SETTING, FILE, "", "NEO4J_CA_CERTIFICATE",
                    "PEM file of the CA a +s uri trusts instead of Java's"),
            SettingSpec.of("lockLease", DURATION, "30s", null, "lease of the lock node, renewed while a run holds it"));

    private Neo4jSettings() {
    }
}
