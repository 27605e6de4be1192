package dev.weave.api;

import dev.weave.spi.schema.SchemaDifference;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code weave db create --auto} did: the declared schema it read, how what the migrations produce differs
 * from it, and the file it wrote (null when there was no difference, and nothing was written).
 *
 * @param toReview steps written commented out under a {@code weave:review} line (they destroy data or need a rebuild)
 */
public record AutoCreateResult(String target, String storeType, Path desiredFile, String current,
                               List<SchemaDifference> differences, Path file, Path createdFolder, int steps,
                               int toReview) {

    public AutoCreateResult {
        differences = List.copyOf(differences);
    }

    /** The same result, saying that the target's folder was created for it. */
    public AutoCreateResult withCreatedFolder(Path folder) {
        return new AutoCreateResult(target, storeType, desiredFile, current, differences, file, folder, steps, toReview);
    }
}
