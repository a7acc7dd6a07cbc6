package io.github.reactivespark.connect.types;

/**
 * A fixed-point decimal type with at most {@link #MAX_PRECISION} digits, of which {@code scale} are after the
 * point. Mirrors Spark's {@code org.apache.spark.sql.types.DecimalType}; values are {@link java.math.BigDecimal}s
 * carrying this scale.
 *
 * @param precision total number of digits, 1..38
 * @param scale digits after the decimal point, 0..precision
 */
public record DecimalType(int precision, int scale) implements DataType {
  /** The largest precision Spark supports (38). */
  public static final int MAX_PRECISION = 38;
  /** The default {@code DECIMAL} type, {@code decimal(10,0)}, as Spark's {@code DecimalType.USER_DEFAULT}. */
  public static final DecimalType USER_DEFAULT = new DecimalType(10, 0);
  /** {@code decimal(38,18)}, Spark's {@code DecimalType.SYSTEM_DEFAULT}. */
  public static final DecimalType SYSTEM_DEFAULT = new DecimalType(38, 18);

  /**
   * Validates the shape.
   *
   * @throws IllegalArgumentException if precision is outside 1..38 or scale outside 0..precision
   */
  public DecimalType {
    if (precision < 1 || precision > MAX_PRECISION) {
      throw new IllegalArgumentException("decimal precision " + precision + " is outside 1.." + MAX_PRECISION);
    }
    if (scale < 0 || scale > precision) {
      throw new IllegalArgumentException("decimal scale " + scale + " is outside 0.." + precision);
    }
  }

  /** Returns {@code "decimal(p,s)"}. */
  @Override
  public String typeName() {
    return "decimal(" + precision + "," + scale + ")";
  }

  @Override
  public String toString() {
    return "DecimalType(" + precision + "," + scale + ")";
  }
}
