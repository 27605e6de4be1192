package dev.weave.junit;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a test class real, migrated stores. The migrations under {@link #location()} are applied once per JVM
 * (every target of the tree, cross-store {@code depends-on} honoured, as {@code weave db migrate-all}); each test
 * class then works on its own copy:
 * <ul>
 *   <li>PostgreSQL: a fresh database per target and test class, made from a migrated template database
 *       ({@code CREATE DATABASE … TEMPLATE}, tens of milliseconds) and dropped after the class;</li>
 *   <li>Neo4j: the graph emptied before the class; constraints, indexes and Weave's ledger kept;</li>
 *   <li>Elasticsearch: the documents of every index deleted before the class; indices, mappings, aliases and
 *       templates kept.</li>
 * </ul>
 * Inject {@link WeaveStores}, a {@link java.sql.Connection} (of the only PostgreSQL target, or the one named by
 * {@link WeaveTarget}), a Neo4j {@code org.neo4j.driver.Driver} or an Elasticsearch
 * {@code org.elasticsearch.client.RestClient} into test methods, constructors or lifecycle methods.
 *
 * <p>The servers are the local ones this project starts without Docker (Testcontainers where a Docker engine
 * answers, {@code WEAVE_TEST_POSTGRES=docker}), or servers you name: {@code WEAVE_JUNIT_POSTGRES_URL}
 * ({@code jdbc:postgresql://host:port/postgres}, a user that may create databases in {@code WEAVE_JUNIT_POSTGRES_USER}
 * / {@code WEAVE_JUNIT_POSTGRES_PASSWORD}), {@code WEAVE_JUNIT_NEO4J_URI} (+ {@code _USER}, {@code _PASSWORD}),
 * {@code WEAVE_JUNIT_ELASTICSEARCH_URL} — environment variables or system properties of the same name.
 * Neo4j and Elasticsearch are shared, so classes annotated with this run one at a time (a resource lock).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WeaveExtension.class)
@ResourceLock(WeaveExtension.SHARED_STORES)
public @interface WeaveTest {

    /** The migrations root (default layout: a folder per PostgreSQL database, {@code neo4j/cypher}, …), relative to the working directory. */
    String location() default ".weave/migrations";

    /** A weave.yaml to read (targets, stores, settings), relative to the working directory; none by default. */
    String config() default "";

    /** Only these targets (default: all of the tree). */
    String[] targets() default {};
}
