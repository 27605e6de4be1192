package dev.weave.conformance;

import dev.weave.api.LintResult;
import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A store's lint corpus: files of migrations, each saying what {@code weave db lint} must find in it with a line
 * {@code expect: PG001@3 PG009@3} (rule id @ line of the file) or {@code expect: none}. Each file becomes a target
 * of its own (as {@code V1__<file name>}, so its lines stay the file's) and the whole corpus is linted in one run
 * through the Java API, as a user's tree is; every difference is reported, not just the first.
 */
public final class LintCorpus {

    private static final Pattern EXPECT = Pattern.compile("expect:\\s*(.*)$", Pattern.MULTILINE);

    private LintCorpus() {
    }

    /** @return one line per case whose findings differ from its expectation; empty when the corpus holds */
    public static List<String> mismatches(String storeType, Path corpus, Path work) {
        Map<String, String> expected = new TreeMap<>();
        WeaveConfig.Builder config = WeaveConfig.builder().environment(Map.of()).location(work);
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                String target = "c" + expected.size();
                String text = Files.readString(file);
                Matcher m = EXPECT.matcher(text);
                if (!m.find()) {
                    throw new IllegalStateException(file + " has no 'expect:' line");
                }
                String expect = m.group(1).strip();
                expected.put(target + " " + name, expect.equals("none") ? "" : sorted(expect.split("\\s+")));
                Path folder = Files.createDirectories(work.resolve(target));
                Files.writeString(folder.resolve("V1__" + name), text);
                config.target(new TargetConfig(target, storeType, folder, Map.of(), false));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LintResult result = Weave.create(config.build()).lint(java.util.Set.of());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String target = e.getKey().substring(0, e.getKey().indexOf(' '));
            String found = sorted(result.findings().stream().filter(f -> f.target().equals(target))
                    .map(f -> f.rule().id() + "@" + f.line()).toArray(String[]::new));
            if (!found.equals(e.getValue())) {
                problems.add(e.getKey().substring(e.getKey().indexOf(' ') + 1) + ": expected [" + e.getValue()
                        + "] found [" + found + "] " + result.findings().stream()
                        .filter(f -> f.target().equals(target)).map(f -> f.rule().id() + "@" + f.line() + " "
                                + f.message()).toList());
            }
        }
        return problems;
    }

    private static String sorted(String[] items) {
        return String.join(" ", Stream.of(items).filter(s -> !s.isBlank()).sorted().toList());
    }
}
