package io.github.reactivespark.connect.types;

/**
 * The date type (days since 1970-01-01, proleptic Gregorian calendar). Mirrors Spark's {@code org.apache.spark.sql.types.DateType}; a singleton, use {@link DataTypes#DateType}.
 *
 * <p>Type name {@code "date"}, simple string {@code "date"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code java.time.LocalDate}.
 */
public final class DateType implements DataType {
  /** The only instance. */
  static final DateType INSTANCE = new DateType();

  private DateType() {}

  @Override
  public String typeName() {
    return "date";
  }

  @Override
  public String simpleString() {
    return "date";
  }

  @Override
  public String toString() {
    return "DateType";
  }
}
