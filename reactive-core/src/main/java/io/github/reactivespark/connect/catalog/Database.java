package io.github.reactivespark.connect.catalog;

import org.jspecify.annotations.Nullable;

/**
 * A database (namespace), as Spark's {@code org.apache.spark.sql.catalog.Database}.
 *
 * @param name the database's name
 * @param catalog the catalog it belongs to, or null
 * @param description its comment, or null
 * @param locationUri where its tables are stored by default (a URI on the server), or null
 * @since 0.1.0
 */
public record Database(String name, @Nullable String catalog, @Nullable String description,
    @Nullable String locationUri) {
}
