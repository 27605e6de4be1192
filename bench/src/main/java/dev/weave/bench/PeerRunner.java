package dev.weave.bench;

import java.nio.file.Path;
import java.util.Map;

/** The operations of a peer tool, run in the measured child process. */
interface PeerRunner {

    Map<String, String> run(String operation, Path dir, Connections c) throws Exception;
}
