package dev.weave.distribution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** One local store of {@code weave dev}: started, described, pointed at through environment variables. */
interface DevStore extends AutoCloseable {

    /** "PostgreSQL 17 at localhost:55432 (user postgres)". */
    String describe();

    /** The variables a user would set for a real server of this store, e.g. POSTGRES_HOST. */
    Map<String, String> environment();

    /** Makes the targets of a migrations tree exist (PostgreSQL: a database per folder). */
    default void prepare(Path location) throws IOException {
    }

    @Override
    void close();
}
