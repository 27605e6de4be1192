package dev.weave.engine;

import dev.weave.error.ConfigurationException;
import dev.weave.model.MigrationVersion;

final class Versions {

    private Versions() {
    }

    /** Parses a version given as an option; null stays null. */
    static MigrationVersion parseOption(String text, String option) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!MigrationVersion.isValid(text.trim())) {
            throw new ConfigurationException(option + " " + text + ": not a version; use digits split by '.' or '_' (e.g. 3 or 1.2)");
        }
        return MigrationVersion.parse(text.trim());
    }
}
