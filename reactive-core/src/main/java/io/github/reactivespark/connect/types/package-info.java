/**
 * An immutable model of Spark SQL data types, mirroring {@code org.apache.spark.sql.types} (Spark 4.1): the same
 * class names, the same {@code typeName()}, {@code simpleString()} and {@code sql()} strings, and
 * {@link io.github.reactivespark.connect.types.StructType#treeString()} formatted like {@code printSchema()}.
 * Also holds the value classes for Spark types without a natural Java value
 * ({@link io.github.reactivespark.connect.types.CalendarInterval},
 * {@link io.github.reactivespark.connect.types.VariantVal}, {@link io.github.reactivespark.connect.types.Geometry},
 * {@link io.github.reactivespark.connect.types.Geography}).
 */
@NullMarked
package io.github.reactivespark.connect.types;

import org.jspecify.annotations.NullMarked;
