package dev.weave.api;

import java.util.List;

/** {@code info}: every migration of a target with its state, and the current version. */
public record InfoResult(String target, String storeType, String location, String currentVersion,
                         List<InfoLine> migrations) {
}
