package dev.weave.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The extension behind {@link WeaveTest}: migrates the tree once per JVM (kept in the root context's store, so
 * every class with the same annotation values shares it), gives each class its copy, resolves parameters.
 */
public final class WeaveExtension implements BeforeAllCallback, ParameterResolver {

    /** The resource lock of classes sharing the Neo4j graph and the Elasticsearch indices. */
    public static final String SHARED_STORES = "dev.weave.junit.shared-stores";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WeaveExtension.class);
    private static final List<String> CLIENT_TYPES = List.of("org.neo4j.driver.Driver", "org.elasticsearch.client.RestClient");

    @Override
    public void beforeAll(ExtensionContext context) {
        WeaveTest test = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WeaveTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException("WeaveExtension needs @WeaveTest on "
                        + context.getRequiredTestClass().getName()));
        String key = test.location() + "|" + test.config() + "|" + Arrays.toString(test.targets());
        MigratedStores migrated = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(key, k -> MigratedStores.migrate(test), MigratedStores.class);
        context.getStore(NAMESPACE).put(ClassStores.class, migrated.forClass());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == WeaveStores.class || type == Connection.class || CLIENT_TYPES.contains(type.getName());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ClassStores stores = context.getStore(NAMESPACE).get(ClassStores.class, ClassStores.class);
        if (stores == null) {
            throw new ParameterResolutionException("the stores of " + context.getRequiredTestClass().getName()
                    + " are not ready: annotate the class with @WeaveTest");
        }
        WeaveStores view = stores.view();
        Class<?> type = parameter.getParameter().getType();
        try {
            if (type == WeaveStores.class) {
                return view;
            }
            if (type == Connection.class) {
                String target = parameter.findAnnotation(WeaveTarget.class).map(WeaveTarget::value)
                        .orElseGet(view::onlyPostgresTarget);
                Connection connection = view.connection(target);
                // closed when the test (or the class, for a constructor or @BeforeAll) is done
                context.getStore(NAMESPACE).put(new Object(), (ExtensionContext.Store.CloseableResource) connection::close);
                return connection;
            }
            if (type.getName().equals("org.neo4j.driver.Driver")) {
                return view.neo4jDriver();
            }
            return view.elasticsearchClient();
        } catch (SQLException | RuntimeException e) {
            throw new ParameterResolutionException("cannot give " + parameter.getParameter() + ": " + e.getMessage(), e);
        }
    }
}
