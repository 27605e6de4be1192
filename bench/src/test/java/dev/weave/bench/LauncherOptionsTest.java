package dev.weave.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The benchmark measures every tool under the JVM options users get from bin/weave: the two must not drift apart. */
class LauncherOptionsTest {

    @Test
    void theBenchRunsEveryToolWithTheOptionsOfTheLauncher() throws Exception {
        Path launcher = Path.of("..", "distribution", "src", "dist", "bin", "weave");
        String exec = Files.readAllLines(launcher).stream().filter(l -> l.startsWith("exec ")).findFirst().orElseThrow();
        List<String> options = new ArrayList<>();
        for (String word : exec.split(" ")) {
            if (word.startsWith("-X")) {
                options.add(word);
            }
        }
        assertEquals(BenchMain.LAUNCHER_JVM_OPTIONS, options, exec);
        assertEquals(BenchMain.LAUNCHER_JVM_OPTIONS, BenchMain.Options.parse(new String[0]).jvmOptions);
    }
}
