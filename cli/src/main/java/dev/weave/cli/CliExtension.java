package dev.weave.cli;

/**
 * Adds a top-level command to {@code weave} from another module (e.g. {@code weave dev} from the
 * distribution), found through {@link java.util.ServiceLoader}.
 */
public interface CliExtension {

    /** A picocli {@code @Command} instance; it may take a {@link CliContext} through {@link #command(CliContext)}. */
    Object command(CliContext context);
}
