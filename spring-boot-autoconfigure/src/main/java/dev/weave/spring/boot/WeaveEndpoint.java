package dev.weave.spring.boot;

import dev.weave.api.InfoLine;
import dev.weave.api.InfoResult;
import dev.weave.core.Weave;
import dev.weave.error.WeaveException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/weave}: every target's ledger as {@code weave db info} shows it (like Boot's {@code flyway}
 * endpoint), and {@code /actuator/weave/{target}} for one.
 */
@Endpoint(id = "weave")
public class WeaveEndpoint {

    private final Weave weave;

    public WeaveEndpoint(Weave weave) {
        this.weave = weave;
    }

    @ReadOperation
    public Map<String, Object> targets() {
        Map<String, Object> targets = new LinkedHashMap<>();
        for (String target : weave.targets()) {
            targets.put(target, target(target));
        }
        return Map.of("targets", targets);
    }

    @ReadOperation
    public TargetLedger target(@Selector String target) {
        try {
            InfoResult info = weave.info(target);
            return new TargetLedger(info.storeType(), info.location(), info.currentVersion(),
                    info.migrations().stream().map(Migration::of).toList(), null);
        } catch (WeaveException e) {
            return new TargetLedger(null, null, null, List.of(), weave.secretMask().mask(e.getMessage()));
        }
    }

    /** One target: where its ledger is, its current version and each migration's state; or why it cannot be read. */
    public record TargetLedger(String store, String location, String currentVersion, List<Migration> migrations,
                               String error) {
    }

    public record Migration(String version, String description, String type, String script, String state,
                            String installedOn, String installedBy, Long executionMillis) {

        static Migration of(InfoLine line) {
            return new Migration(line.version(), line.description(), line.type(), line.script(), line.state(),
                    line.installedOn() == null ? null : line.installedOn().toString(), line.installedBy(),
                    line.executionMillis());
        }
    }
}
