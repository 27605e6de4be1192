package dev.weave.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes one migration set: {@code n} versioned files {@code V1__…} to {@code Vn__…} that every tool of the store
 * reads as they are (Weave, the peer, the floor). Small, realistic statements:
 *
 * <ul>
 *   <li>PostgreSQL: every 10th file creates a table {@code t_<i>} with an index; the 9 files after it each add a
 *       column to that table and insert a row (two statements, one transaction per file for every tool).</li>
 *   <li>Neo4j: every 100th file creates a uniqueness constraint on a new label {@code L<g>}, 50 files later an index
 *       on it (schema-only files); the others MERGE a node of that label and MERGE a relationship to one of 20
 *       {@code :Tag} nodes (data-only files, two statements).</li>
 *   <li>Elasticsearch: one request per file (elasticsearch-evolution reads no more). At most 10 indices
 *       {@code bench_<g>}, each created by a {@code PUT /bench_<g>} with its mapping; every 10th file adds a field
 *       to a mapping; every other file writes a small document. So 10,000 files make 10 indices, ~1,000 mapping
 *       updates and ~9,000 documents, not 10,000 indices that would exhaust the node.</li>
 * </ul>
 *
 * A statement never spans lines and ends with {@code ;} (SQL, Cypher), so the floor can send exactly the same
 * statements without a parser.
 */
final class Generator {

    static final String MARKER = ".generated";

    private Generator() {
    }

    /** The set for {@code store} with {@code n} files in {@code dir}, written unless an identical one is there. */
    static Path generate(Store store, int n, Path dir) {
        try {
            Path marker = dir.resolve(MARKER);
            String stamp = store.id + " " + n + " v1";
            if (Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
                return dir;
            }
            deleteTree(dir);
            Files.createDirectories(dir);
            for (int i = 1; i <= n; i++) {
                GeneratedFile f = file(store, n, i);
                Files.writeString(dir.resolve(f.name()), f.text(), StandardCharsets.UTF_8);
            }
            Files.writeString(marker, stamp);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the migration set " + dir, e);
        }
    }

    record GeneratedFile(String name, String text) {
    }

    static GeneratedFile file(Store store, int n, int i) {
        return switch (store) {
            case POSTGRES -> postgres(i);
            case NEO4J -> neo4j(i);
            case ELASTICSEARCH -> elasticsearch(n, i);
        };
    }

    // ---- PostgreSQL

    static GeneratedFile postgres(int i) {
        int table = pgTable(i);
        if (table == i) {
            return new GeneratedFile("V" + i + "__create_table_t_" + i + ".sql",
                    "-- table t_" + i + " and an index on its name\n"
                            + "CREATE TABLE t_" + i + " (id bigint PRIMARY KEY, name text NOT NULL, "
                            + "created_at timestamptz NOT NULL DEFAULT now());\n"
                            + "CREATE INDEX t_" + i + "_name_idx ON t_" + i + " (name);\n");
        }
        return new GeneratedFile("V" + i + "__add_c_" + i + "_to_t_" + table + ".sql",
                "ALTER TABLE t_" + table + " ADD COLUMN c_" + i + " integer;\n"
                        + "INSERT INTO t_" + table + " (id, name, c_" + i + ") VALUES (" + i + ", 'row " + i + "', " + i + ");\n");
    }

    /** The table file {@code i} works on: the last multiple-of-10-plus-1 at or below it. */
    static int pgTable(int i) {
        return i - (i - 1) % 10;
    }

    static int pgTables(int n) {
        return (n + 9) / 10;
    }

    static int pgRows(int n) {
        return n - pgTables(n);
    }

    // ---- Neo4j

    static GeneratedFile neo4j(int i) {
        int g = (i - 1) / 100;
        int pos = (i - 1) % 100;
        if (pos == 0) {
            return new GeneratedFile("V" + i + "__constraint_on_L" + g + ".cypher",
                    "CREATE CONSTRAINT c_" + i + " IF NOT EXISTS FOR (n:L" + g + ") REQUIRE n.id IS UNIQUE;\n");
        }
        if (pos == 50) {
            return new GeneratedFile("V" + i + "__index_on_L" + g + "_name.cypher",
                    "CREATE INDEX ix_" + i + " IF NOT EXISTS FOR (n:L" + g + ") ON (n.name);\n");
        }
        return new GeneratedFile("V" + i + "__merge_node_" + i + ".cypher",
                "MERGE (n:L" + g + " {id: " + i + "}) SET n.name = 'node " + i + "', n.seq = " + i + ";\n"
                        + "MATCH (n:L" + g + " {id: " + i + "}) MERGE (t:Tag {name: 'tag" + (i % 20) + "'}) MERGE (n)-[:TAGGED]->(t);\n");
    }

    static boolean neo4jSchema(int i) {
        int pos = (i - 1) % 100;
        return pos == 0 || pos == 50;
    }

    static int neo4jDataFiles(int n) {
        int schema = 0;
        for (int i = 1; i <= n; i++) {
            if (neo4jSchema(i)) {
                schema++;
            }
        }
        return n - schema;
    }

    // ---- Elasticsearch

    /** Files per index: at most 10 indices whatever the size. */
    static int esPerIndex(int n) {
        return Math.max(50, n / 10);
    }

    static GeneratedFile elasticsearch(int n, int i) {
        int per = esPerIndex(n);
        int g = (i - 1) / per;
        String index = "bench_" + g;
        if ((i - 1) % per == 0) {
            return new GeneratedFile("V" + i + "__create_index_" + index + ".http",
                    "PUT /" + index + "\n\n"
                            + "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},"
                            + "\"mappings\":{\"properties\":{\"name\":{\"type\":\"text\"},\"n\":{\"type\":\"long\"}}}}\n");
        }
        if (i % 10 == 5) {
            return new GeneratedFile("V" + i + "__add_field_f_" + i + "_to_" + index + ".http",
                    "PUT /" + index + "/_mapping\n\n"
                            + "{\"properties\":{\"f_" + i + "\":{\"type\":\"keyword\"}}}\n");
        }
        return new GeneratedFile("V" + i + "__document_" + i + "_in_" + index + ".http",
                "PUT /" + index + "/_doc/" + i + "\n\n"
                        + "{\"name\":\"document " + i + "\",\"n\":" + i + "}\n");
    }

    static int esIndices(int n) {
        return (n + esPerIndex(n) - 1) / esPerIndex(n);
    }

    static int esDocuments(int n) {
        int per = esPerIndex(n);
        int docs = 0;
        for (int i = 1; i <= n; i++) {
            if ((i - 1) % per != 0 && i % 10 != 5) {
                docs++;
            }
        }
        return docs;
    }

    // ---- reading a set back, for the floor

    /** The set's files in version order. */
    static List<Path> files(Path dir, String extension) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("V") && p.getFileName().toString().endsWith(extension))
                    .forEach(files::add);
        }
        files.sort((a, b) -> Integer.compare(version(a), version(b)));
        return files;
    }

    static int version(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    /** One statement per line ending in {@code ;}; comment lines dropped. */
    static List<String> statements(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("--") || s.startsWith("//")) {
                continue;
            }
            out.add(s.endsWith(";") ? s.substring(0, s.length() - 1) : s);
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
