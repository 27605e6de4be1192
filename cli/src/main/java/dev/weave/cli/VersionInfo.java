package dev.weave.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code weave --version}: the version and the commit the build was made from (written into the jar at build time). */
final class VersionInfo implements IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a jar without its build information still answers
        }
        String commit = p.getProperty("commit", "unknown").strip();
        return new String[] {"weave " + p.getProperty("version", "unknown") + " (commit " + (commit.isEmpty() ? "unknown" : commit) + ")"};
    }
}
