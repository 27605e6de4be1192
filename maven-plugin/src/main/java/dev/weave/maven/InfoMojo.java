package dev.weave.maven;

import dev.weave.api.InfoLine;
import dev.weave.api.InfoResult;
import dev.weave.core.Weave;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.ArrayList;
import java.util.List;

/** {@code weave db info <target>}: every migration of the target with its state, as a table in the log. */
@Mojo(name = "info", threadSafe = true, requiresProject = true)
public class InfoMojo extends AbstractWeaveMojo {

    /** The target: a database folder under the migrations location, or a name from weave.yaml. */
    @Parameter(property = "weave.target", required = true)
    String target;

    @Override
    Outcome run(Weave weave) {
        weave.requireOverridesReadBy(target);
        InfoResult info = weave.info(target);
        info(info.target() + " (" + info.storeType() + ", " + info.location() + "), current version: "
                + (info.currentVersion() == null ? "none" : info.currentVersion()));
        List<List<String>> rows = new ArrayList<>();
        for (InfoLine l : info.migrations()) {
            rows.add(List.of(l.version() == null ? "" : l.version(), l.description(), l.type(), l.state(),
                    Text.time(l.installedOn()), l.installedBy() == null ? "" : l.installedBy(),
                    l.executionMillis() == null ? "" : l.executionMillis() + " ms"));
        }
        if (rows.isEmpty()) {
            info("no migrations");
        } else {
            Text.table(List.of("Version", "Description", "Type", "State", "Installed on", "By", "Time"), rows).forEach(this::info);
        }
        return Outcome.OK;
    }
}
