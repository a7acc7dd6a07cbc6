package io.github.reactivespark.connect.types;

import java.util.Arrays;
import java.util.List;

/**
 * Constants and factories for {@link DataType}s, shaped like Spark's Java API
 * {@code org.apache.spark.sql.types.DataTypes} ({@code DataTypes.LongType}, {@code createStructType}, ...).
 */
public final class DataTypes {
  private DataTypes() {}

  /** {@code boolean}. */
  public static final BooleanType BooleanType = io.github.reactivespark.connect.types.BooleanType.INSTANCE;
  /** {@code tinyint}. */
  public static final ByteType ByteType = io.github.reactivespark.connect.types.ByteType.INSTANCE;
  /** {@code smallint}. */
  public static final ShortType ShortType = io.github.reactivespark.connect.types.ShortType.INSTANCE;
  /** {@code int}. */
  public static final IntegerType IntegerType = io.github.reactivespark.connect.types.IntegerType.INSTANCE;
  /** {@code bigint}. */
  public static final LongType LongType = io.github.reactivespark.connect.types.LongType.INSTANCE;
  /** {@code float}. */
  public static final FloatType FloatType = io.github.reactivespark.connect.types.FloatType.INSTANCE;
  /** {@code double}. */
  public static final DoubleType DoubleType = io.github.reactivespark.connect.types.DoubleType.INSTANCE;
  /** {@code string} with the default {@code UTF8_BINARY} collation. */
  public static final StringType StringType = new StringType(io.github.reactivespark.connect.types.StringType.DEFAULT_COLLATION);
  /** {@code binary}. */
  public static final BinaryType BinaryType = io.github.reactivespark.connect.types.BinaryType.INSTANCE;
  /** {@code date}. */
  public static final DateType DateType = io.github.reactivespark.connect.types.DateType.INSTANCE;
  /** {@code timestamp} (with local time zone). */
  public static final TimestampType TimestampType = io.github.reactivespark.connect.types.TimestampType.INSTANCE;
  /** {@code timestamp_ntz}. */
  public static final TimestampNTZType TimestampNTZType =
      io.github.reactivespark.connect.types.TimestampNTZType.INSTANCE;
  /** {@code interval} (legacy calendar interval). */
  public static final CalendarIntervalType CalendarIntervalType =
      io.github.reactivespark.connect.types.CalendarIntervalType.INSTANCE;
  /** {@code void}. */
  public static final NullType NullType = io.github.reactivespark.connect.types.NullType.INSTANCE;
  /** {@code variant}. */
  public static final VariantType VariantType = io.github.reactivespark.connect.types.VariantType.INSTANCE;

  /**
   * {@code decimal(precision,scale)}.
   *
   * @param precision 1..38
   * @param scale 0..precision
   * @return the type
   * @throws IllegalArgumentException if out of range
   */
  public static DecimalType createDecimalType(int precision, int scale) {
    return new DecimalType(precision, scale);
  }

  /**
   * {@code decimal(10,0)}, Spark's default.
   *
   * @return the type
   */
  public static DecimalType createDecimalType() {
    return DecimalType.USER_DEFAULT;
  }

  /**
   * {@code string collate <collation>}.
   *
   * @param collation e.g. {@code "UTF8_LCASE"}
   * @return the type
   */
  public static StringType createStringType(String collation) {
    return new StringType(collation);
  }

  /**
   * {@code char(length)}.
   *
   * @param length the maximum length
   * @return the type
   */
  public static CharType createCharType(int length) {
    return new CharType(length);
  }

  /**
   * {@code varchar(length)}.
   *
   * @param length the maximum length
   * @return the type
   */
  public static VarcharType createVarcharType(int length) {
    return new VarcharType(length);
  }

  /**
   * {@code time(precision)}.
   *
   * @param precision 0..6
   * @return the type
   */
  public static TimeType createTimeType(int precision) {
    return new TimeType(precision);
  }

  /**
   * {@code interval day to second}.
   *
   * @return the type
   */
  public static DayTimeIntervalType createDayTimeIntervalType() {
    return new DayTimeIntervalType(DayTimeIntervalType.DAY, DayTimeIntervalType.SECOND);
  }

  /**
   * A day-time interval type between two fields.
   *
   * @param startField a {@code DayTimeIntervalType} field id
   * @param endField a field id at or after {@code startField}
   * @return the type
   */
  public static DayTimeIntervalType createDayTimeIntervalType(int startField, int endField) {
    return new DayTimeIntervalType(startField, endField);
  }

  /**
   * {@code interval year to month}.
   *
   * @return the type
   */
  public static YearMonthIntervalType createYearMonthIntervalType() {
    return new YearMonthIntervalType(YearMonthIntervalType.YEAR, YearMonthIntervalType.MONTH);
  }

  /**
   * A year-month interval type between two fields.
   *
   * @param startField a {@code YearMonthIntervalType} field id
   * @param endField a field id at or after {@code startField}
   * @return the type
   */
  public static YearMonthIntervalType createYearMonthIntervalType(int startField, int endField) {
    return new YearMonthIntervalType(startField, endField);
  }

  /**
   * {@code array<elementType>} with nullable elements.
   *
   * @param elementType the element type
   * @return the type
   */
  public static ArrayType createArrayType(DataType elementType) {
    return new ArrayType(elementType, true);
  }

  /**
   * {@code array<elementType>}.
   *
   * @param elementType the element type
   * @param containsNull whether elements may be null
   * @return the type
   */
  public static ArrayType createArrayType(DataType elementType, boolean containsNull) {
    return new ArrayType(elementType, containsNull);
  }

  /**
   * {@code map<keyType,valueType>} with nullable values.
   *
   * @param keyType the key type
   * @param valueType the value type
   * @return the type
   */
  public static MapType createMapType(DataType keyType, DataType valueType) {
    return new MapType(keyType, valueType, true);
  }

  /**
   * {@code map<keyType,valueType>}.
   *
   * @param keyType the key type
   * @param valueType the value type
   * @param valueContainsNull whether values may be null
   * @return the type
   */
  public static MapType createMapType(DataType keyType, DataType valueType, boolean valueContainsNull) {
    return new MapType(keyType, valueType, valueContainsNull);
  }

  /**
   * A struct field without metadata.
   *
   * @param name the field name
   * @param dataType the field type
   * @param nullable whether it may be null
   * @return the field
   */
  public static StructField createStructField(String name, DataType dataType, boolean nullable) {
    return new StructField(name, dataType, nullable);
  }

  /**
   * A struct field with metadata.
   *
   * @param name the field name
   * @param dataType the field type
   * @param nullable whether it may be null
   * @param metadataJson the metadata JSON object, or {@code ""}
   * @return the field
   */
  public static StructField createStructField(String name, DataType dataType, boolean nullable,
      String metadataJson) {
    return new StructField(name, dataType, nullable, metadataJson);
  }

  /**
   * A struct type.
   *
   * @param fields the fields in order
   * @return the type
   */
  public static StructType createStructType(List<StructField> fields) {
    return new StructType(fields);
  }

  /**
   * A struct type.
   *
   * @param fields the fields in order
   * @return the type
   */
  public static StructType createStructType(StructField... fields) {
    return new StructType(Arrays.asList(fields));
  }
}
