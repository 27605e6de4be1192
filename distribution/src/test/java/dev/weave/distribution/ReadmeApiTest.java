package dev.weave.distribution;

import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "From an application" in the README is what a user copies: its Maven coordinates name real modules of this
 * build at its version, and its Java example compiles against the API as it is (so {@code System.exit(e.exitCode())}
 * keeps compiling).
 */
class ReadmeApiTest {

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

    @Test
    void theCoordinatesAreThoseOfThisBuild() throws IOException {
        String section = section();
        String parent = Files.readString(Path.of("..", "pom.xml"));
        Matcher version = Pattern.compile("<artifactId>weave-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(parent);
        assertTrue(version.find(), "the parent pom's version");
        List<String> modules = new ArrayList<>();
        try (var dirs = Files.list(Path.of(".."))) {
            for (Path pom : dirs.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
                Matcher m = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(Files.readString(pom));
                if (m.find()) {
                    modules.add(m.group(1));
                }
            }
        }
        Matcher d = DEPENDENCY.matcher(section);
        int found = 0;
        while (d.find()) {
            found++;
            assertEquals("dev.weave", d.group(1));
            assertTrue(modules.contains(d.group(2)), d.group(2) + " is not a module of this build: " + modules);
            assertEquals(version.group(1), d.group(3), d.group(2) + "'s version");
        }
        assertTrue(found >= 2, "the README names the API and a store module:\n" + section);
    }

    @Test
    void theJavaExampleCompiles() throws IOException {
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section());
        assertTrue(block.find(), "a java example");
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : block.group(1).split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        String source = imports + "\nclass ReadmeExample {\n    static void example() {\n" + body + "    }\n}\n";
        Path dir = Files.createTempDirectory("weave-readme-example-");
        Path file = dir.resolve("ReadmeExample.java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = javac.run(null, errors, errors, "-d", dir.toString(),
                "-classpath", System.getProperty("java.class.path"), file.toString());

        assertEquals(0, exit, "the README's Java example does not compile:\n" + errors + "\n" + source);
        assertFalse(body.isEmpty());
    }

    private static String section() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## From an application");
        assertTrue(start >= 0, "README section 'From an application'");
        int end = readme.indexOf("\n## ", start + 3);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
