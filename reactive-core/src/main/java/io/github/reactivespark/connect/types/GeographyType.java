package io.github.reactivespark.connect.types;

/**
 * The geodesic spatial geography type (Spark 4.1, needs {@code spark.sql.geospatial.enabled=true} on the server). Mirrors
 * Spark's {@code org.apache.spark.sql.types.GeographyType}; values are {@link Geography}s (SRID + WKB).
 *
 * @param srid the spatial reference id of every value of this type
 */
public record GeographyType(int srid) implements DataType {
  /** Returns {@code "geography(srid)"}, as Spark's {@code typeof()} prints it. */
  @Override
  public String typeName() {
    return "geography(" + srid + ")";
  }

  @Override
  public String toString() {
    return "GeographyType(" + srid + ")";
  }
}
