/**
 * The store port: what a store adapter implements ({@link dev.weave.spi.StoreAdapter} and the connection it opens),
 * the values both sides exchange (dev.weave.model) and the errors with their exit codes (dev.weave.error). It needs
 * nothing beyond the JDK, so a store adapter depends on this module alone. Every package here is API.
 */
module dev.weave.spi {
    exports dev.weave.error;
    exports dev.weave.model;
    exports dev.weave.spi;
    exports dev.weave.spi.lease;
    exports dev.weave.spi.lint;
    exports dev.weave.spi.schema;
    exports dev.weave.spi.tls;
}
