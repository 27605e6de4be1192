package dev.weave.api;

import java.util.List;

/** What {@code clean} removed from a target. */
public record CleanResult(String target, String storeType, List<String> removed) {
}
