package dev.weave.error;

/** Wrong usage or configuration: a flag, weave.yaml, a missing folder, clean without --force. Exit 2. */
public class ConfigurationException extends WeaveException {

    public ConfigurationException(String message) {
        super(message);
    }

    @Override
    public ExitCode kind() {
        return ExitCode.USAGE_OR_CONFIGURATION;
    }
}
