package dev.weave.local.support;

import java.util.function.Supplier;

/** The one server of a kind in this JVM: started by {@code start} on the first {@link #get()}, then kept. */
public final class SharedServer<S> {

    private final Supplier<? extends S> start;
    private S server;

    public SharedServer(Supplier<? extends S> start) {
        this.start = start;
    }

    public synchronized S get() {
        if (server == null) {
            server = start.get();
        }
        return server;
    }
}
