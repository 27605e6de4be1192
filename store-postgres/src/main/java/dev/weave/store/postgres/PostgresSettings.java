package dev.weave.store.postgres;

import dev.weave.spi.SettingSpec;

import java.util.List;

import static dev.weave.spi.SettingSpec.Kind.FILE;
import static dev.weave.spi.SettingSpec.Kind.NUMBER;
import static dev.weave.spi.SettingSpec.Kind.TEXT;
import static dev.weave.spi.SettingSpec.Kind.URL;

/** The settings a PostgreSQL target reads: the one list for validation, {@code weave db settings} and the README. */
final class PostgresSettings {

    static final List<SettingSpec> ALL = List.of(
            SettingSpec.of("url", URL, "", "DATABASE_URL",
                    "jdbc:postgresql://host:port/db?… or postgres://user:password@host:port/db?…; see below"),
            SettingSpec.of("host", TEXT, "localhost", "POSTGRES_HOST", "server host name or address").asFlag(),
            SettingSpec.of("port", NUMBER, "5432", "POSTGRES_PORT", "server port").asFlag(),
            SettingSpec.of("database", TEXT, "the url's, else the target name", "POSTGRES_DB",
                    "database to migrate; POSTGRES_DB only with a single PostgreSQL target").asFlag(),
            SettingSpec.of("user", TEXT, "postgres", "POSTGRES_USER", "user to connect as; the ledger's installed_by").asFlag(),
            SettingSpec.secret("password", "POSTGRES_PASSWORD", "that user's password").asFlag(),
            SettingSpec.of("schema", TEXT, "public", null, "schema of the ledger; migrations run with it as search_path"),
            SettingSpec.of("table", TEXT, "weave_schema_history", null, "ledger table"),
            SettingSpec.of("sslmode", TEXT, "the driver's (prefer)", "POSTGRES_SSLMODE",
                    "disable, allow, prefer, require, verify-ca or verify-full"),
            SettingSpec.of("sslrootcert", FILE, "", "POSTGRES_SSLROOTCERT", "PEM file of the CA that signed the server's certificate"));

    private PostgresSettings() {
    }
}
