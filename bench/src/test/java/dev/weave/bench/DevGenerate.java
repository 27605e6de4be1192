package dev.weave.bench;

import java.nio.file.Path;

/** For profiling by hand (not a test): {@code DevGenerate <store> <n> <dir>} writes one migration set. */
public final class DevGenerate {

    public static void main(String[] args) {
        System.out.println(Generator.generate(Store.of(args[0]), Integer.parseInt(args[1]), Path.of(args[2])));
    }
}
