package dev.weave.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pg_hba.conf of a {@link LocalPostgres} cluster: every connection must bring the password. */
final class PgHba {

    /** TCP over TLS only (hostssl): a plain connection finds no line and is refused, so a test proves TLS ran. */
    static final String TLS_ONLY = String.join("\n",
            "# Written by Weave's LocalPostgres at each start; edits are overwritten.",
            "# TLS only: TCP connections without encryption match no line and are refused; no Unix socket is open.",
            "# TYPE    DATABASE     USER  ADDRESS       METHOD",
            "hostssl   all          all   127.0.0.1/32  scram-sha-256",
            "hostssl   all          all   ::1/128       scram-sha-256",
            "hostssl   replication  all   127.0.0.1/32  scram-sha-256",
            "hostssl   replication  all   ::1/128       scram-sha-256",
            "");

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
        write(dataDirectory, false);
    }

    static void write(Path dataDirectory, boolean tlsOnly) throws IOException {
        Files.writeString(dataDirectory.resolve("pg_hba.conf"), tlsOnly ? TLS_ONLY : CONTENT, StandardCharsets.UTF_8);
    }
}
