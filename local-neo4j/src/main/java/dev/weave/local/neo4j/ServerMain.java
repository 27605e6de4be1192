package dev.weave.local.neo4j;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The main class of the Neo4j server process that {@link LocalNeo4j} starts. It runs inside that process,
 * on the server's classpath only: this one class file is copied into the server's home and must use
 * nothing but the JDK (Neo4j is reached by reflection, so no Neo4j class is needed to compile it, and it
 * has no nested classes whose files would be missing).
 *
 * <p>Protocol on standard input, written by the launching JVM: the first line is the initial password
 * of the {@code neo4j} user for a new server, or empty for a server that already has one (the password
 * never appears on a command line or in the environment). After that the launcher keeps the pipe open
 * and writes nothing: when it closes (the launcher exited or was killed) the server shuts down, so no
 * server outlives the JVM that started it.
 */
public final class ServerMain {

    static final String ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint";
    /** Exit code when the initial password cannot be set; the launcher reads it. */
    static final int PASSWORD_FAILED = 64;

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader launcher = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String password = launcher.readLine();
        if (password == null) {
            return; // the launcher is already gone
        }
        if (!password.isEmpty()) {
            int status = setInitialPassword(option(args, "--home-dir="), option(args, "--config-dir="), password);
            if (status != 0) {
                System.err.println("weave: neo4j-admin dbms set-initial-password failed with status " + status);
                System.exit(PASSWORD_FAILED);
            }
        }
        Thread watch = new Thread(() -> exitWhenLauncherGoes(launcher), "weave-launcher-watch");
        watch.setDaemon(true);
        watch.start();
        // Returns once the server runs (its own threads keep the JVM alive); exits by itself on failure.
        Class.forName(ENTRY_POINT).getMethod("main", String[].class).invoke(null, (Object) args);
    }

    /** neo4j-admin's own command, in this JVM: before the first start it writes the hashed password file. */
    private static int setInitialPassword(Path home, Path conf, String password) throws ReflectiveOperationException {
        Class<?> context = Class.forName("org.neo4j.cli.ExecutionContext");
        Object ctx = context.getConstructor(Path.class, Path.class).newInstance(home, conf);
        try {
            return (Integer) Class.forName("org.neo4j.cli.AdminTool").getMethod("execute", context, String[].class)
                    // "--": a password may start with '-' and must not be read as an option
                    .invoke(null, ctx, new String[] {"dbms", "set-initial-password", "--", password});
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
            return 1;
        }
    }

    /** Blocks on standard input; end of input means the launcher is gone: stop (Neo4j's shutdown hook runs). */
    private static void exitWhenLauncherGoes(BufferedReader launcher) {
        try {
            while (launcher.readLine() != null) {
                // nothing is expected; keep reading until the pipe closes
            }
        } catch (Exception ignored) {
            // a broken pipe means the same as its end
        }
        System.exit(0);
    }

    private static Path option(String[] args, String prefix) {
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return Path.of(arg.substring(prefix.length()));
            }
        }
        throw new IllegalArgumentException("missing " + prefix + "...");
    }
}
