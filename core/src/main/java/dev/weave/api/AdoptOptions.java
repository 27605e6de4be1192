package dev.weave.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code weave db adopt} reads and how, built with {@link #from(String)}:
 * {@code AdoptOptions.from("flyway").location("app.flyway_schema_history").dryRun(true)}.
 *
 * @param tool       the tool whose history to adopt (one of the store's {@code historySources})
 * @param location   where that history is (table, label, index); null: the tool's default
 * @param toolFolder the tool's own folder where its history needs one (Alembic's {@code versions/}); null: the default
 * @param versionMap a file of {@code old=new} lines naming the Weave version of an old version (or Alembic revision)
 *                   whose number the rule does not carry over; null: none
 * @param dryRun     print the mapping and write nothing
 */
public record AdoptOptions(String tool, String location, Path toolFolder, Path versionMap, boolean dryRun) {

    public AdoptOptions {
        Objects.requireNonNull(tool, "tool");
    }

    public static AdoptOptions from(String tool) {
        return new AdoptOptions(tool, null, null, null, false);
    }

    public AdoptOptions location(String where) {
        return new AdoptOptions(tool, where, toolFolder, versionMap, dryRun);
    }

    public AdoptOptions toolFolder(Path folder) {
        return new AdoptOptions(tool, location, folder, versionMap, dryRun);
    }

    public AdoptOptions versionMap(Path file) {
        return new AdoptOptions(tool, location, toolFolder, file, dryRun);
    }

    public AdoptOptions dryRun(boolean dry) {
        return new AdoptOptions(tool, location, toolFolder, versionMap, dry);
    }
}
