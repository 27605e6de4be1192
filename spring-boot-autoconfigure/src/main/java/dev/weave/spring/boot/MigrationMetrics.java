package dev.weave.spring.boot;

import dev.weave.api.MigrationEvent;
import dev.weave.api.ProgressListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;

import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters of every migration Weave runs: timer {@code weave.migration} (tags target, store, version,
 * outcome: APPLIED, UNDONE, FAILED) — its count is how many ran.
 */
final class MigrationMetrics implements ProgressListener {

    static final String TIMER = "weave.migration";

    /** Looked up per event: the registry may be made after Weave's bean, and an application may have none. */
    private final ObjectProvider<MeterRegistry> registries;

    MigrationMetrics(ObjectProvider<MeterRegistry> registries) {
        this.registries = registries;
    }

    @Override
    public void migration(MigrationEvent event) {
        registries.orderedStream().forEach(registry -> record(registry, event));
    }

    private static void record(MeterRegistry registry, MigrationEvent event) {
        Timer.builder(TIMER).description("Migrations run by Weave")
                .tag("target", event.target())
                .tag("store", event.storeType())
                .tag("version", event.version() == null ? "repeatable" : event.version())
                .tag("outcome", event.outcome().name())
                .register(registry)
                .record(event.millis(), TimeUnit.MILLISECONDS);
    }
}
