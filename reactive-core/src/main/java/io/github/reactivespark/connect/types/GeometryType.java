package io.github.reactivespark.connect.types;

/**
 * The planar spatial geometry type (Spark 4.1, needs {@code spark.sql.geospatial.enabled=true} on the server). Mirrors
 * Spark's {@code org.apache.spark.sql.types.GeometryType}; values are {@link Geometry}s (SRID + WKB).
 *
 * @param srid the spatial reference id of every value of this type
 */
public record GeometryType(int srid) implements DataType {
  /** Returns {@code "geometry(srid)"}, as Spark's {@code typeof()} prints it. */
  @Override
  public String typeName() {
    return "geometry(" + srid + ")";
  }

  @Override
  public String toString() {
    return "GeometryType(" + srid + ")";
  }
}
