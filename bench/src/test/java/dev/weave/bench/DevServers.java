package dev.weave.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/**
 * For profiling by hand (not a test): starts the servers, creates database {@code dev}, writes the children's
 * environment to {@code <file>} as shell exports, and keeps running until killed. Then e.g.
 * {@code . <file>; java -XX:StartFlightRecording=… -cp … dev.weave.bench.ChildMain weave elasticsearch validate <dir>}.
 */
public final class DevServers {

    public static void main(String[] args) throws Exception {
        Path envFile = Path.of(args.length > 0 ? args[0] : "/tmp/weave-bench-env.sh");
        try (Servers servers = Servers.start(EnumSet.allOf(Store.class), System.err::println)) {
            String db = servers.freshDatabase();
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : servers.connections(db).toEnvironment().entrySet()) {
                sb.append("export ").append(e.getKey()).append("='").append(e.getValue()).append("'\n");
            }
            Files.writeString(envFile, sb.toString());
            System.err.println("environment in " + envFile + "; Ctrl-C stops the servers");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
