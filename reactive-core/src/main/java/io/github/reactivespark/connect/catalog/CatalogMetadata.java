package io.github.reactivespark.connect.catalog;

import org.jspecify.annotations.Nullable;

/**
 * A catalog of the session ({@code spark_catalog} or a configured V2 catalog), as Spark's
 * {@code org.apache.spark.sql.catalog.CatalogMetadata}.
 *
 * @param name the catalog's name
 * @param description its description, or null
 * @since 0.1.0
 */
public record CatalogMetadata(String name, @Nullable String description) {
}
