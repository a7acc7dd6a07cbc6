package io.github.reactivespark.connect.types;

import java.util.Locale;

/**
 * A Spark SQL data type, the client-side mirror of Spark's {@code org.apache.spark.sql.types.DataType}.
 *
 * <p>All implementations are immutable and compare by value ({@code equals}/{@code hashCode}); the atomic types
 * without parameters are singletons available from {@link DataTypes}. The three string forms follow Spark 4.1
 * exactly:
 * <ul>
 *   <li>{@link #typeName()}: the name {@code printSchema()} shows ({@code "long"}, {@code "integer"},
 *       {@code "decimal(10,2)"}, {@code "array"}, {@code "calendarinterval"});</li>
 *   <li>{@link #simpleString()}: the SQL-ish short form ({@code "bigint"}, {@code "int"},
 *       {@code "array<int>"}, {@code "struct<a:int,b:string>"}, {@code "interval"});</li>
 *   <li>{@link #sql()}: the DDL form ({@code "BIGINT"}, {@code "ARRAY<INT>"}, {@code "STRUCT<a: INT>"}).</li>
 * </ul>
 */
public sealed interface DataType
    permits ArrayType, BinaryType, BooleanType, ByteType, CalendarIntervalType, CharType, DateType,
        DayTimeIntervalType, DecimalType, DoubleType, FloatType, GeographyType, GeometryType, IntegerType, LongType,
        MapType, NullType, ShortType, StringType, StructType, TimeType, TimestampNTZType, TimestampType,
        VarcharType, VariantType, YearMonthIntervalType {

  /**
   * The type name as Spark's {@code DataType.typeName} prints it, used by {@link StructType#treeString()}.
   *
   * @return e.g. {@code "long"}, {@code "decimal(10,2)"}, {@code "timestamp_ntz"}, {@code "array"}
   */
  String typeName();

  /**
   * The readable short form, as Spark's {@code DataType.simpleString} (and SQL {@code typeof()}) print it.
   *
   * @return e.g. {@code "bigint"}, {@code "array<int>"}, {@code "map<string,int>"}
   */
  default String simpleString() {
    return typeName();
  }

  /**
   * The form used in catalogs; like {@link #simpleString()} but structs are never truncated (Spark's
   * {@code DataType.catalogString}).
   *
   * @return the catalog string
   */
  default String catalogString() {
    return simpleString();
  }

  /**
   * The SQL DDL form of this type, as Spark's {@code DataType.sql}.
   *
   * @return e.g. {@code "BIGINT"}, {@code "DECIMAL(10,2)"}, {@code "MAP<STRING, INT>"}
   */
  default String sql() {
    return simpleString().toUpperCase(Locale.ROOT);
  }
}
