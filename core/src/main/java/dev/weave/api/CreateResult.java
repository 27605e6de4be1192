package dev.weave.api;

import java.nio.file.Path;

/**
 * The migration file {@code weave db create} wrote.
 *
 * @param createdFolder the target's folder when this call created it (a new database in the default layout),
 *                      null when it existed already
 */
public record CreateResult(String target, String storeType, Path file, Path createdFolder) {
}
