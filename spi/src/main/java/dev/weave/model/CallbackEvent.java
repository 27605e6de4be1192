package dev.weave.model;

import java.util.Optional;

/** The points of a migrate run where callback files ({@code beforeMigrate.sql}, ...) are executed. */
public enum CallbackEvent {
    BEFORE_MIGRATE("beforeMigrate"),
    AFTER_MIGRATE("afterMigrate"),
    AFTER_MIGRATE_ERROR("afterMigrateError");

    private final String fileName;

    CallbackEvent(String fileName) {
        this.fileName = fileName;
    }

    /** The name a callback file starts with, e.g. {@code beforeMigrate}. */
    public String fileName() {
        return fileName;
    }

    public static Optional<CallbackEvent> fromFileName(String name) {
        for (CallbackEvent event : values()) {
            if (event.fileName.equals(name)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
