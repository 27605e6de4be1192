package dev.weave.reliability;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: bad input of any kind (file names, versions, encodings, SQL / Cypher / HTTP syntax, JSON
 * bodies, headers, configuration values, flags, connection settings, dependency declarations) gets one
 * clear message naming the file, the line where there is one, and the rule, with its documented exit
 * code, and nothing is recorded as success for it.
 *
 * <p>The corpus is data: {@code src/test/resources/corpus/<case>/} holds the project's files under
 * {@code files/} and the expectations in {@code case.properties} (store, args, exit, expect.N, notExpect.N,
 * successes, failed, env.NAME). Tokens {@code @DB@} (a fresh PostgreSQL database of the case),
 * {@code @PREFIX@} (its Elasticsearch index prefix), {@code @UNUSED_PORT@} and {@code @PG_PASSWORD@} are
 * replaced in paths, file contents, arguments and expectations. Each case runs the real command line in
 * this JVM ({@code WeaveCli.run}, what {@code main} calls) against the real servers; Neo4j cases get a reset
 * graph.
 *
 * <p>What cannot be committed is made in the project before the run: {@code generate.N = <path> <MiB> <line>}
 * writes a file of that many MiB of the line repeated (deleted after the case, so a 200 MiB file never stays
 * on disk), {@code symlink.N = <link path> -> <target>} makes a symbolic link (loops, links that lead nowhere).
 */
@ResourceLock(Resources.NEO4J)
class BadInputCorpusTest {

    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "corpus-case");
        t.setDaemon(true);
        return t;
    });

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(corpus())) {
            List<String> names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            if (names.size() < 120) { // a folder the resources copy lost must not pass as a smaller corpus
                throw new IllegalStateException("the corpus must hold at least 120 cases, has " + names.size());
            }
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsItsMessageAndExitCodeAndRecordsNothing(String name) throws Exception {
        Path dir = corpus().resolve(name);
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("case.properties"))) {
            props.load(in);
        }
        Map<String, String> tokens = tokens(name);
        String store = props.getProperty("store");
        List<String> stores = Arrays.asList(props.getProperty("stores", store).split(","));
        if (stores.contains("postgres")) {
            Servers.pg().recreate(tokens.get("@DB@"));
        }
        if (stores.contains("neo4j")) {
            Servers.neo4j().reset();
        }
        Path project = Work.project("corpus-" + name);
        copy(dir.resolve("files"), project, tokens);
        List<Path> generated = generate(props, project, tokens);
        link(props, project, tokens);
        Map<String, String> env = new HashMap<>(Servers.env());
        props.stringPropertyNames().stream().filter(k -> k.startsWith("env."))
                .forEach(k -> env.put(k.substring(4), replace(props.getProperty(k), tokens)));
        List<String> args = Arrays.stream(replace(props.getProperty("args"), tokens).trim().split("\\s+")).toList();

        WeaveProcess.Result run;
        try {
            run = run(project, env, args);
        } finally {
            for (Path big : generated) {
                Files.deleteIfExists(big);
            }
        }
        Work.write(Work.dir("corpus-output").resolve(name + ".txt"), run.toString());

        int exit = Integer.parseInt(props.getProperty("exit").trim());
        Figures.add("corpus.cases", 1);
        Figures.add("corpus.cases." + store, 1);
        Figures.add("corpus.exit" + exit, 1);
        assertEquals(exit, run.exit(), name + ": exit code\n" + run);
        String shown = "out".equals(props.getProperty("stream")) ? run.out() : run.all();
        for (String key : numbered(props, "expect.")) {
            String expected = replace(props.getProperty(key), tokens);
            assertTrue(shown.contains(expected), name + ": the message must contain '" + expected + "'\n" + run);
        }
        for (String key : numbered(props, "notExpect.")) {
            String secret = replace(props.getProperty(key), tokens);
            assertFalse(run.all().contains(secret), name + ": the output must not contain '" + secret + "'\n" + run);
        }
        assertFalse(run.all().contains(Servers.postgres().password()), name + ": the PostgreSQL password leaked\n" + run);
        assertFalse(run.all().contains(Servers.neo4j().password), name + ": the Neo4j password leaked\n" + run);
        assertFalse(run.all().contains("\tat ") || run.all().contains("internal error"), name + ": a stack trace or internal error\n" + run);

        // nothing recorded as success for the bad input (only what the case says applied before it)
        int successes = Integer.parseInt(props.getProperty("successes", "0").trim());
        int failed = Integer.parseInt(props.getProperty("failed", "0").trim());
        for (String s : stores) {
            List<LedgerRow> ledger = ledger(s.trim(), tokens);
            assertEquals(successes, Ledgers.successes(ledger), name + ": success entries in the " + s + " ledger: " + ledger);
            assertEquals(failed, ledger.size() - Ledgers.successes(ledger), name + ": failed entries in the " + s + " ledger: " + ledger);
        }
    }

    @AfterAll
    static void stop() {
        RUNNER.shutdownNow();
    }

    private static List<LedgerRow> ledger(String store, Map<String, String> tokens) {
        return switch (store) {
            case "postgres" -> Servers.pg().ledger(tokens.get("@DB@"));
            case "elasticsearch" -> Servers.es().ledger(tokens.get("@PREFIX@"));
            case "neo4j" -> Servers.neo4j().ledger();
            case "none" -> List.of();
            default -> throw new IllegalArgumentException("unknown store in the corpus: " + store);
        };
    }

    /** Runs the command line in this JVM, at most a minute. */
    private static WeaveProcess.Result run(Path project, Map<String, String> env, List<String> args) throws InterruptedException {
        Future<WeaveProcess.Result> future = RUNNER.submit(() -> InProcess.run(project, env, args));
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("weave " + args + " did not finish within 60 s");
        } catch (ExecutionException e) {
            throw new AssertionError("weave " + args + " threw " + e.getCause(), e.getCause());
        }
    }

    private static Map<String, String> tokens(String name) {
        String id = name.replace('-', '_').toLowerCase();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("@DB@", ("bad_" + id).substring(0, Math.min(63, id.length() + 4)));
        tokens.put("@PREFIX@", "bic_" + id.substring(0, Math.min(12, id.length())) + "_");
        tokens.put("@UNUSED_PORT@", String.valueOf(unusedPort()));
        tokens.put("@PG_PASSWORD@", Servers.postgres().password());
        return tokens;
    }

    /** {@code generate.N = <path> <MiB> <line>}: a big file written line by line, never held in memory whole. */
    private static List<Path> generate(Properties props, Path project, Map<String, String> tokens) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String key : numbered(props, "generate.")) {
            String[] spec = replace(props.getProperty(key), tokens).trim().split("\\s+", 3);
            Path file = project.resolve(spec[0]);
            long bytes = Long.parseLong(spec[1]) << 20;
            byte[] line = (spec[2] + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] block = new byte[(1 << 16) / line.length * line.length];
            for (int i = 0; i < block.length; i += line.length) {
                System.arraycopy(line, 0, block, i, line.length);
            }
            Files.createDirectories(file.getParent());
            files.add(file);
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                for (long written = 0; written < bytes; written += block.length) {
                    out.write(block, 0, (int) Math.min(block.length, bytes - written)); // exactly that many MiB
                }
            }
        }
        return files;
    }

    /** {@code symlink.N = <link path> -> <target>}: a target relative to the link's folder, as ln -s takes it. */
    private static void link(Properties props, Path project, Map<String, String> tokens) throws IOException {
        for (String key : numbered(props, "symlink.")) {
            String[] spec = replace(props.getProperty(key), tokens).split("->", 2);
            Path link = project.resolve(spec[0].trim());
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of(spec[1].trim()));
        }
    }

    private static List<String> numbered(Properties props, String prefix) {
        List<String> keys = new ArrayList<>(props.stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).toList());
        keys.sort((a, b) -> Integer.compare(Integer.parseInt(a.substring(prefix.length())), Integer.parseInt(b.substring(prefix.length()))));
        return keys;
    }

    /** Copies the case's files, tokens replaced in names and (as bytes, so any encoding survives) in contents. */
    private static void copy(Path from, Path to, Map<String, String> tokens) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(replace(from.relativize(f).toString(), tokens));
                Files.createDirectories(target.getParent());
                byte[] bytes = Files.readAllBytes(f);
                for (Map.Entry<String, String> t : tokens.entrySet()) {
                    bytes = replace(bytes, t.getKey().getBytes(StandardCharsets.US_ASCII), t.getValue().getBytes(StandardCharsets.US_ASCII));
                }
                Files.write(target, bytes);
            }
        }
    }

    private static String replace(String text, Map<String, String> tokens) {
        String out = text;
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            out = out.replace(t.getKey(), t.getValue());
        }
        return out;
    }

    private static byte[] replace(byte[] bytes, byte[] token, byte[] value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; ) {
            if (i + token.length <= bytes.length && Arrays.equals(bytes, i, i + token.length, token, 0, token.length)) {
                out.writeBytes(value);
                i += token.length;
            } else {
                out.write(bytes[i++]);
            }
        }
        return out.toByteArray();
    }

    private static Path corpus() {
        try {
            return Path.of(BadInputCorpusTest.class.getResource("/corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
