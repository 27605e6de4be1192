package dev.weave.distribution;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The layering of ARCHITECTURE.md, checked on the compiled main classes of every module (this module's test
 * class path holds them all): no package cycle anywhere; the SPI module uses nothing of Weave beyond itself;
 * the core uses no store, no CLI, no local server; a store uses the SPI only; the CLI calls the Java API and
 * never the engine. A wrong import fails the build with the rule and the offending class.
 */
class ArchitectureTest {

    /** weave-spi: the port, the value types, the errors. */
    private static final String[] SPI = {"dev.weave.spi..", "dev.weave.model..", "dev.weave.error.."};
    /** weave-core: the Java API and what is behind it. */
    private static final String[] CORE = {"dev.weave.api..", "dev.weave.core..", "dev.weave.config..",
            "dev.weave.discovery..", "dev.weave.plan..", "dev.weave.engine.."};
    /**
     * What the core keeps to itself (the packages weave-core's module descriptor does not export): the CLI and the
     * integrations go through dev.weave.core and dev.weave.api.
     */
    private static final String[] CORE_INSIDE = {"dev.weave.config..", "dev.weave.discovery..", "dev.weave.plan..",
            "dev.weave.engine.."};

    private static JavaClasses weave;

    @BeforeAll
    static void importTheMainClasses() {
        weave = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.weave");
    }

    @Test
    void noPackageCycles() {
        check(slices().matching("dev.weave.(**)").should().beFreeOfCycles());
    }

    @Test
    void theSpiUsesNothingOfWeaveBeyondItself() {
        check(noClasses().that().resideInAnyPackage(SPI).should().dependOnClassesThat()
                .resideInAnyPackage(concat(CORE, "dev.weave.cli..", "dev.weave.store..", "dev.weave.local..",
                        "dev.weave.distribution..")));
    }

    @Test
    void theCoreKnowsNoStoreNoCliAndNoLocalServer() {
        check(noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("dev.weave.cli..", "dev.weave.store..", "dev.weave.local..",
                        "dev.weave.distribution..", "picocli.."));
    }

    @Test
    void storesUseTheSpiOnly() {
        check(noClasses().that().resideInAPackage("dev.weave.store..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(CORE, "dev.weave.cli..", "dev.weave.distribution..")));
    }

    @Test
    void theCliIsASkinOverTheJavaApi() {
        check(noClasses().that().resideInAnyPackage("dev.weave.cli..", "dev.weave.distribution..")
                .should().dependOnClassesThat().resideInAnyPackage(concat(CORE_INSIDE, "dev.weave.store..")));
    }

    /** Spring Boot, JUnit and Maven run Weave through the same Java API as the CLI: never its inside, never a store. */
    @Test
    void theIntegrationsAreSkinsOverTheJavaApi() {
        check(noClasses().that().resideInAnyPackage("dev.weave.spring..", "dev.weave.junit..", "dev.weave.maven..")
                .should().dependOnClassesThat().resideInAnyPackage(concat(CORE_INSIDE, "dev.weave.store..",
                        "dev.weave.cli..")));
    }

    /** Stores are found through ServiceLoader: no store's name in the code of the SPI, the core or the CLI. */
    @Test
    void noStoreIsNamedInTheSpiTheCoreOrTheCli() throws IOException {
        List<String> violations = new ArrayList<>();
        Pattern storeName = Pattern.compile("(?i)\"[^\"]*(postgres|neo4j|elasticsearch)[^\"]*\"");
        for (String module : List.of("spi", "core", "cli")) {
            try (Stream<Path> files = Files.walk(Path.of("..", module, "src", "main", "java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        String code = line.trim();
                        if (code.startsWith("*") || code.startsWith("/") || code.startsWith("description =")) {
                            continue; // comments and help texts may give examples
                        }
                        if (storeName.matcher(code).find()) {
                            violations.add(file + ": " + code);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "find stores through the SPI, not by name");
    }

    /**
     * The public surface (issue 14): weave-core's module descriptor exports the Java API and nothing else, weave-spi
     * exports every package it has, and what core does not export is exactly what the rules above keep the skins
     * out of, so the descriptor (for module-path users) and the ArchUnit rules (for the class path) say one thing.
     */
    @Test
    void onlyTheJavaApiAndTheSpiAreExported() throws Exception {
        ModuleDescriptor core = descriptorOf(dev.weave.core.Weave.class);
        assertEquals("dev.weave.core", core.name());
        assertEquals(Set.of("dev.weave.api", "dev.weave.core"), exported(core));
        Set<String> inside = new TreeSet<>(core.packages());
        inside.removeAll(exported(core));
        assertEquals(new TreeSet<>(Stream.of(CORE_INSIDE).map(p -> p.replace("..", "")).toList()), inside,
                "a package of weave-core that is not exported belongs in CORE_INSIDE, and the other way round");

        ModuleDescriptor spi = descriptorOf(dev.weave.spi.StoreAdapter.class);
        assertEquals("dev.weave.spi", spi.name());
        assertEquals(spi.packages(), exported(spi), "every package of the SPI is the port");
        assertEquals(Set.of("java.base"), spi.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet()), "the SPI needs nothing beyond the JDK");
    }

    /** The descriptor in the jar (or classes folder) the class was loaded from. */
    private static ModuleDescriptor descriptorOf(Class<?> type) throws Exception {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(location).findAll().stream().findFirst().orElseThrow(
                () -> new AssertionError("no module-info.class in " + location)).descriptor();
    }

    private static Set<String> exported(ModuleDescriptor module) {
        return module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
    }

    private static void check(ArchRule rule) {
        rule.check(weave);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
