package io.github.reactivespark.connect.catalog;

import org.jspecify.annotations.Nullable;

/**
 * A column of a catalog table, as Spark's {@code org.apache.spark.sql.catalog.Column} (not a column expression:
 * see {@link io.github.reactivespark.connect.Column} for that).
 *
 * @param name the column's name
 * @param description its comment, or null
 * @param dataType its type as Spark's catalog string ({@code bigint}, {@code string}, {@code decimal(12,2)}, …)
 * @param nullable whether it may hold nulls
 * @param isPartition whether it is a partition column
 * @param isBucket whether it is a bucketing column
 * @param isCluster whether it is a clustering column (Spark 4.0+; false if the server does not report it)
 * @since 0.1.0
 */
public record Column(String name, @Nullable String description, String dataType, boolean nullable,
    boolean isPartition, boolean isBucket, boolean isCluster) {
}
