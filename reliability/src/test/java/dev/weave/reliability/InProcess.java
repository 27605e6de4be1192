package dev.weave.reliability;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The same command line run inside this JVM ({@code WeaveCli.run(CliContext, String...)}, which is what
 * {@code main} calls before {@code System.exit}): for the bad-input corpus, where a process start per case
 * buys nothing. The CLI is loaded from the copied class path of {@link WeaveProcess#classPath()} by a class
 * loader of its own, so it is the same code the processes run, and a jar installed over the local Maven
 * repository by another build mid-run cannot break it.
 */
final class InProcess {

    private static ClassLoader loader;
    private static Constructor<?> context;
    private static Method run;

    private InProcess() {
    }

    static WeaveProcess.Result run(Path project, Map<String, String> env, List<String> args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        int exit;
        try {
            load();
            thread.setContextClassLoader(loader); // the CLI finds its store adapters with ServiceLoader
            Object ctx = context.newInstance(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), env, project, false);
            exit = (Integer) run.invoke(null, ctx, args.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.setContextClassLoader(previous);
        }
        return new WeaveProcess.Result(args, exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static synchronized void load() throws ReflectiveOperationException, MalformedURLException {
        if (loader != null) {
            return;
        }
        String[] entries = WeaveProcess.classPath().split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        loader = new URLClassLoader("weave-cli", urls, ClassLoader.getPlatformClassLoader());
        // JDBC's DriverManager hands a caller only drivers of its own class loader, and it has already looked
        // for drivers in this JVM's: register this loader's PostgreSQL driver (a process does it at start-up)
        Class.forName("org.postgresql.Driver", true, loader);
        Class<?> ctx = loader.loadClass("dev.weave.cli.CliContext");
        context = ctx.getConstructor(PrintStream.class, PrintStream.class, Map.class, Path.class, boolean.class);
        run = loader.loadClass("dev.weave.cli.WeaveCli").getMethod("run", ctx, String[].class);
    }
}
