package dev.weave.spi;

/** How the default layout places a store's targets below the migrations root. */
public sealed interface Layout {

    /** Each sub-folder of the root not claimed by a fixed folder is one target, named after the folder. */
    record FolderPerTarget() implements Layout {
    }

    /** One target in a fixed folder, e.g. {@code neo4j/cypher}, named {@code targetName}. */
    record FixedFolder(String relativePath, String targetName) implements Layout {
    }
}
