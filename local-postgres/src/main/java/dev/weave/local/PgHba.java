package dev.weave.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pg_hba.conf of a {@link LocalPostgres} cluster: every connection must bring the password. */
final class PgHba {

    static final String CONTENT = String.join("\n",
            "# Written by Weave's LocalPostgres at each start; edits are overwritten.",
            "# No trust anywhere: the server runs with root's file access, a password-less superuser would be root.",
            "# TYPE  DATABASE     USER  ADDRESS       METHOD",
            "local   all          all                 scram-sha-256",
            "host    all          all   127.0.0.1/32  scram-sha-256",
            "host    all          all   ::1/128       scram-sha-256",
            "local   replication  all                 scram-sha-256",
            "host    replication  all   127.0.0.1/32  scram-sha-256",
            "host    replication  all   ::1/128       scram-sha-256",
            "");

    private PgHba() {
    }

    static void write(Path dataDirectory) throws IOException {
        Files.writeString(dataDirectory.resolve("pg_hba.conf"), CONTENT, StandardCharsets.UTF_8);
    }
}
