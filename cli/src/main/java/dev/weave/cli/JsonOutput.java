package dev.weave.cli;

/** A command that can print its result (and so its errors) as JSON. */
interface JsonOutput {
    boolean json();
}
