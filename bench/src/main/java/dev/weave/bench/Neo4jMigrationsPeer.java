package dev.weave.bench;

import ac.simons.neo4j.migrations.core.MigrationChain;
import ac.simons.neo4j.migrations.core.Migrations;
import ac.simons.neo4j.migrations.core.MigrationsConfig;
import ac.simons.neo4j.migrations.core.MigrationState;
import ac.simons.neo4j.migrations.core.ValidationResult;
import org.neo4j.driver.Driver;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** neo4j-migrations' core API as its documentation shows it: a config with the locations, the driver, one call. */
final class Neo4jMigrationsPeer implements PeerRunner {

    @Override
    public Map<String, String> run(String operation, Path dir, Connections c) {
        Driver driver = Operations.neo4jDriver(c);
        try {
            Migrations migrations = new Migrations(MigrationsConfig.builder()
                    .withLocationsToScan("file:" + dir)
                    .build(), driver);
            Map<String, String> facts = new LinkedHashMap<>();
            switch (operation) {
                case "migrate" -> facts.put("version", migrations.apply().map(Object::toString).orElse("none"));
                case "validate" -> {
                    ValidationResult v = migrations.validate();
                    Operations.require(v.isValid(), "validate: " + v.prettyPrint());
                }
                case "info" -> {
                    MigrationChain chain = migrations.info();
                    long applied = chain.getElements().stream()
                            .filter(e -> e.getState() == MigrationState.APPLIED).count();
                    Operations.require(applied == chain.length(), "info shows migrations not applied");
                    facts.put("items", String.valueOf(chain.length()));
                }
                default -> throw new IllegalArgumentException(operation);
            }
            return facts;
        } finally {
            driver.closeAsync(); // as Weave's adapter does: no wait for Netty's quiet period
        }
    }
}
