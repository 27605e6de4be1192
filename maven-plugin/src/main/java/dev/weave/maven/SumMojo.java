package dev.weave.maven;

import dev.weave.core.Weave;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;

/** {@code weave db sum}: writes weave.sum, the checksums of every versioned migration, for {@code validate-all -Dweave.offline}. */
@Mojo(name = "sum", threadSafe = true, requiresProject = true)
public class SumMojo extends AbstractWeaveMojo {

    /** Where to write (default: weave.sum in the project's folder). */
    @Parameter(property = "weave.sumFile", defaultValue = "${project.basedir}/weave.sum")
    File sumFile;

    @Override
    Outcome run(Weave weave) {
        Path file = workingDirectory().resolve(sumFile.toPath());
        int count = weave.writeSum(file);
        info("wrote " + relative(file) + ": " + count + " migration"
                + (count == 1 ? "" : "s") + "; commit it");
        return Outcome.OK;
    }
}
