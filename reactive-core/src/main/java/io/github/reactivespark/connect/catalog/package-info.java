/**
 * The typed records that the session's catalog ({@code spark.catalog()},
 * {@link io.github.reactivespark.connect.Catalog}) emits ({@link io.github.reactivespark.connect.catalog.Database},
 * {@link io.github.reactivespark.connect.catalog.Table}, {@link io.github.reactivespark.connect.catalog.Function},
 * {@link io.github.reactivespark.connect.catalog.Column},
 * {@link io.github.reactivespark.connect.catalog.CatalogMetadata}), as Spark's {@code org.apache.spark.sql.catalog}.
 */
@NullMarked
package io.github.reactivespark.connect.catalog;

import org.jspecify.annotations.NullMarked;
