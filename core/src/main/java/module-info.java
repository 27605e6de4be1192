/**
 * Weave's Java API: {@link dev.weave.core.Weave} (the entry point, one method per command) and its immutable
 * configuration and result values (dev.weave.api). Only these two packages are exported; discovery, the plan, the
 * engine and the reading of weave.yaml are inside and may change between releases. The CLI, the Spring Boot
 * starter, the Maven plugin and the JUnit kit are skins over exactly this surface (checked by the distribution's
 * ArchitectureTest, also for the class path, where a descriptor binds no one). Store adapters are found with
 * {@link java.util.ServiceLoader}.
 */
module dev.weave.core {
    requires transitive dev.weave.spi;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml; // its MarkedYAMLException gives the line of a weave.yaml mistake

    exports dev.weave.api;
    exports dev.weave.core;

    uses dev.weave.spi.StoreAdapter;
}
