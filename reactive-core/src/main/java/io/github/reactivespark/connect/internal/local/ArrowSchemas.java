package io.github.reactivespark.connect.internal.local;

import io.github.reactivespark.connect.types.ArrayType;
import io.github.reactivespark.connect.types.BinaryType;
import io.github.reactivespark.connect.types.BooleanType;
import io.github.reactivespark.connect.types.ByteType;
import io.github.reactivespark.connect.types.CalendarIntervalType;
import io.github.reactivespark.connect.types.CharType;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.DateType;
import io.github.reactivespark.connect.types.DayTimeIntervalType;
import io.github.reactivespark.connect.types.DecimalType;
import io.github.reactivespark.connect.types.DoubleType;
import io.github.reactivespark.connect.types.FloatType;
import io.github.reactivespark.connect.types.GeographyType;
import io.github.reactivespark.connect.types.GeometryType;
import io.github.reactivespark.connect.types.IntegerType;
import io.github.reactivespark.connect.types.LongType;
import io.github.reactivespark.connect.types.MapType;
import io.github.reactivespark.connect.types.NullType;
import io.github.reactivespark.connect.types.ShortType;
import io.github.reactivespark.connect.types.StringType;
import io.github.reactivespark.connect.types.StructField;
import io.github.reactivespark.connect.types.StructType;
import io.github.reactivespark.connect.types.TimeType;
import io.github.reactivespark.connect.types.TimestampNTZType;
import io.github.reactivespark.connect.types.TimestampType;
import io.github.reactivespark.connect.types.VarcharType;
import io.github.reactivespark.connect.types.VariantType;
import io.github.reactivespark.connect.types.YearMonthIntervalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The Arrow form of Spark SQL types, as Spark's {@code ArrowUtils.toArrowField} / {@code fromArrowField}
 * (sql/api/src/main/scala/org/apache/spark/sql/util/ArrowUtils.scala) define it: the form the server reads a
 * {@code LocalRelation}'s Arrow data in, and the one {@code internal.arrow.ArrowRows} decodes results from.
 *
 * <table>
 *   <caption>Spark type to Arrow type</caption>
 *   <tr><th>Spark</th><th>Arrow</th></tr>
 *   <tr><td>boolean, tinyint, smallint, int, bigint</td><td>Bool, Int(8/16/32/64, signed)</td></tr>
 *   <tr><td>float, double</td><td>FloatingPoint(SINGLE/DOUBLE)</td></tr>
 *   <tr><td>decimal(p,s)</td><td>Decimal(p, s, 128)</td></tr>
 *   <tr><td>string (any collation), char(n), varchar(n)</td><td>Utf8</td></tr>
 *   <tr><td>binary</td><td>Binary</td></tr>
 *   <tr><td>date</td><td>Date(DAY)</td></tr>
 *   <tr><td>timestamp</td><td>Timestamp(MICROSECOND, "UTC"): values are UTC instants</td></tr>
 *   <tr><td>timestamp_ntz</td><td>Timestamp(MICROSECOND, no zone)</td></tr>
 *   <tr><td>time(p)</td><td>Time(NANOSECOND, 64)</td></tr>
 *   <tr><td>interval day to second (any sub-range)</td><td>Duration(MICROSECOND)</td></tr>
 *   <tr><td>interval year to month (any sub-range)</td><td>Interval(YEAR_MONTH)</td></tr>
 *   <tr><td>interval (calendar)</td><td>Interval(MONTH_DAY_NANO)</td></tr>
 *   <tr><td>variant</td><td>Struct&lt;value: Binary, metadata: Binary&gt;, the {@code metadata} child with field
 *       metadata {@code variant=true} (Spark 4.1)</td></tr>
 *   <tr><td>geometry(srid), geography(srid)</td><td>Struct&lt;srid: Int(32), wkb: Binary&gt;, the {@code wkb} child
 *       with field metadata {@code geometry=true} (or {@code geography=true}) and {@code srid}</td></tr>
 *   <tr><td>array</td><td>List, child {@code element} (nullable = containsNull)</td></tr>
 *   <tr><td>map</td><td>Map(entries: Struct&lt;key (not null), value (nullable = valueContainsNull)&gt;)</td></tr>
 *   <tr><td>struct</td><td>Struct</td></tr>
 *   <tr><td>void</td><td>Null</td></tr>
 * </table>
 * Nullability of every Arrow field is the Spark field's: the server checks a non-nullable field of the schema
 * against it.
 */
public final class ArrowSchemas {

  /** The zone id written into the Arrow type of {@code timestamp} columns (values are UTC micros anyway). */
  public static final String TIMESTAMP_ZONE = "UTC";

  private ArrowSchemas() {}

  /**
   * The Arrow schema of a Spark schema.
   *
   * @param schema the Spark schema
   * @return the Arrow schema, one field per Spark field, in order
   */
  public static Schema toArrow(StructType schema) {
    List<Field> fields = new ArrayList<>(schema.size());
    for (StructField f : schema.fields()) {
      fields.add(field(f.name(), f.dataType(), f.nullable()));
    }
    return new Schema(fields);
  }

  private static Field field(String name, DataType type, boolean nullable) {
    if (type instanceof ArrayType a) {
      return new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null),
          List.of(field("element", a.elementType(), a.containsNull())));
    }
    if (type instanceof MapType m) {
      Field entries = new Field("entries", new FieldType(false, ArrowType.Struct.INSTANCE, null),
          List.of(field("key", m.keyType(), false), field("value", m.valueType(), m.valueContainsNull())));
      return new Field(name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
    }
    if (type instanceof StructType s) {
      List<Field> children = new ArrayList<>(s.size());
      for (StructField f : s.fields()) {
        children.add(field(f.name(), f.dataType(), f.nullable()));
      }
      return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
    }
    if (type instanceof VariantType) {
      return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), List.of(
          leaf("value", ArrowType.Binary.INSTANCE, false),
          new Field("metadata", new FieldType(false, ArrowType.Binary.INSTANCE, null, Map.of("variant", "true")),
              null)));
    }
    if (type instanceof GeometryType g) {
      return spatial(name, nullable, "geometry", g.srid());
    }
    if (type instanceof GeographyType g) {
      return spatial(name, nullable, "geography", g.srid());
    }
    return leaf(name, atomic(type), nullable);
  }

  private static Field spatial(String name, boolean nullable, String marker, int srid) {
    return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), List.of(
        leaf("srid", new ArrowType.Int(32, true), false),
        new Field("wkb", new FieldType(false, ArrowType.Binary.INSTANCE, null,
            Map.of(marker, "true", "srid", Integer.toString(srid))), null)));
  }

  private static Field leaf(String name, ArrowType type, boolean nullable) {
    return new Field(name, new FieldType(nullable, type, null), null);
  }

  private static ArrowType atomic(DataType type) {
    if (type instanceof BooleanType) {
      return ArrowType.Bool.INSTANCE;
    }
    if (type instanceof ByteType) {
      return new ArrowType.Int(8, true);
    }
    if (type instanceof ShortType) {
      return new ArrowType.Int(16, true);
    }
    if (type instanceof IntegerType) {
      return new ArrowType.Int(32, true);
    }
    if (type instanceof LongType) {
      return new ArrowType.Int(64, true);
    }
    if (type instanceof FloatType) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    }
    if (type instanceof DoubleType) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    }
    if (type instanceof DecimalType d) {
      return new ArrowType.Decimal(d.precision(), d.scale(), 128);
    }
    if (type instanceof StringType || type instanceof CharType || type instanceof VarcharType) {
      return ArrowType.Utf8.INSTANCE;
    }
    if (type instanceof BinaryType) {
      return ArrowType.Binary.INSTANCE;
    }
    if (type instanceof DateType) {
      return new ArrowType.Date(DateUnit.DAY);
    }
    if (type instanceof TimestampType) {
      return new ArrowType.Timestamp(TimeUnit.MICROSECOND, TIMESTAMP_ZONE);
    }
    if (type instanceof TimestampNTZType) {
      return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
    }
    if (type instanceof TimeType) {
      return new ArrowType.Time(TimeUnit.NANOSECOND, 64);
    }
    if (type instanceof DayTimeIntervalType) {
      return new ArrowType.Duration(TimeUnit.MICROSECOND);
    }
    if (type instanceof YearMonthIntervalType) {
      return new ArrowType.Interval(IntervalUnit.YEAR_MONTH);
    }
    if (type instanceof CalendarIntervalType) {
      return new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO);
    }
    if (type instanceof NullType) {
      return ArrowType.Null.INSTANCE;
    }
    throw new IllegalArgumentException("Spark type " + type.simpleString() + " has no Arrow form");
  }

  /**
   * The type the server reads back from the Arrow form of {@code type}, which the schema of a
   * {@code LocalRelation} must name (Spark 4.1.2 reconciles the two with {@code Dataset.to}, which neither narrows
   * interval ranges nor accepts char/varchar): every day-time interval becomes {@code interval day to second},
   * every year-month interval {@code interval year to month}, char(n) and varchar(n) {@code string}, in nested
   * types too. Other types are their own wire type.
   *
   * @param type a Spark type
   * @return its wire type (the same object when nothing changes)
   */
  public static DataType wireType(DataType type) {
    if (type instanceof DayTimeIntervalType dt) {
      return dt.startField() == DayTimeIntervalType.DAY && dt.endField() == DayTimeIntervalType.SECOND
          ? type : DataTypes.createDayTimeIntervalType();
    }
    if (type instanceof YearMonthIntervalType ym) {
      return ym.startField() == YearMonthIntervalType.YEAR && ym.endField() == YearMonthIntervalType.MONTH
          ? type : DataTypes.createYearMonthIntervalType();
    }
    if (type instanceof CharType || type instanceof VarcharType) {
      return DataTypes.StringType;
    }
    if (type instanceof ArrayType a) {
      DataType e = wireType(a.elementType());
      return e == a.elementType() ? type : DataTypes.createArrayType(e, a.containsNull());
    }
    if (type instanceof MapType m) {
      DataType k = wireType(m.keyType());
      DataType v = wireType(m.valueType());
      return k == m.keyType() && v == m.valueType() ? type : DataTypes.createMapType(k, v, m.valueContainsNull());
    }
    if (type instanceof StructType s) {
      List<StructField> fields = new ArrayList<>(s.size());
      boolean changed = false;
      for (StructField f : s.fields()) {
        DataType w = wireType(f.dataType());
        changed |= w != f.dataType();
        fields.add(w == f.dataType() ? f : new StructField(f.name(), w, f.nullable(), f.metadata()));
      }
      return changed ? new StructType(fields) : type;
    }
    return type;
  }

  /**
   * Whether the server must cast the wire type back to {@code type} for the DataFrame to have {@code type}: for
   * interval sub-ranges (char/varchar stay strings, as Spark 4.1 treats them in queries).
   *
   * @param type a Spark type
   * @return true when {@code type} holds an interval sub-range
   */
  public static boolean needsCast(DataType type) {
    if (type instanceof DayTimeIntervalType || type instanceof YearMonthIntervalType) {
      return wireType(type) != type;
    }
    if (type instanceof ArrayType a) {
      return needsCast(a.elementType());
    }
    if (type instanceof MapType m) {
      return needsCast(m.keyType()) || needsCast(m.valueType());
    }
    if (type instanceof StructType s) {
      return s.fields().stream().anyMatch(f -> needsCast(f.dataType()));
    }
    return false;
  }

  /**
   * The Spark schema of Arrow data, as the server reads it ({@code ArrowUtils.fromArrowSchema}).
   *
   * @param schema the Arrow schema
   * @return the Spark schema, one field per Arrow field
   * @throws IllegalArgumentException naming the field if an Arrow type has no Spark type (unsigned integers,
   *     timestamps in other units than microseconds, dates in milliseconds, ...)
   */
  public static StructType fromArrow(Schema schema) {
    List<StructField> fields = new ArrayList<>();
    for (Field f : schema.getFields()) {
      fields.add(new StructField(f.getName(), sparkType(f, f.getName()), f.isNullable()));
    }
    return new StructType(fields);
  }

  private static DataType sparkType(Field f, String path) {
    ArrowType t = f.getType();
    List<Field> children = f.getChildren();
    if (t instanceof ArrowType.Map) {
      Field entries = children.get(0);
      Field value = entries.getChildren().get(1);
      return DataTypes.createMapType(sparkType(entries.getChildren().get(0), path + ".key"),
          sparkType(value, path + ".value"), value.isNullable());
    }
    if (t instanceof ArrowType.List) {
      Field element = children.get(0);
      return DataTypes.createArrayType(sparkType(element, path + ".element"), element.isNullable());
    }
    if (t instanceof ArrowType.Struct) {
      Map<String, String> metadata = childMetadata(children, "metadata");
      Map<String, String> wkb = childMetadata(children, "wkb");
      if (children.size() == 2 && childMetadata(children, "value") != null && metadata != null
          && "true".equals(metadata.get("variant"))) {
        return DataTypes.VariantType;
      }
      if (children.size() == 2 && childMetadata(children, "srid") != null && wkb != null && wkb.containsKey("srid")
          && ("true".equals(wkb.get("geometry")) || "true".equals(wkb.get("geography")))) {
        int srid = Integer.parseInt(wkb.get("srid"));
        return "true".equals(wkb.get("geometry")) ? new GeometryType(srid) : new GeographyType(srid);
      }
      List<StructField> fields = new ArrayList<>();
      for (Field c : children) {
        fields.add(new StructField(c.getName(), sparkType(c, path + "." + c.getName()), c.isNullable()));
      }
      return new StructType(fields);
    }
    DataType atomic = atomicSparkType(t);
    if (atomic == null) {
      throw new IllegalArgumentException("field '" + path + "': Arrow type " + t + " has no Spark SQL type (Spark"
          + " reads signed integers, float/double, utf8, binary, decimal, date(DAY), timestamp(MICROSECOND),"
          + " time(NANOSECOND), duration(MICROSECOND), intervals, null, list, map and struct)");
    }
    return atomic;
  }

  /** The metadata of the child named {@code name}, or null when there is no such child. */
  private static @Nullable Map<String, String> childMetadata(List<Field> children, String name) {
    for (Field c : children) {
      if (c.getName().equals(name)) {
        return c.getMetadata();
      }
    }
    return null;
  }

  private static @Nullable DataType atomicSparkType(ArrowType t) {
    if (t instanceof ArrowType.Bool) {
      return DataTypes.BooleanType;
    }
    if (t instanceof ArrowType.Int i && i.getIsSigned()) {
      return switch (i.getBitWidth()) {
        case 8 -> DataTypes.ByteType;
        case 16 -> DataTypes.ShortType;
        case 32 -> DataTypes.IntegerType;
        case 64 -> DataTypes.LongType;
        default -> null;
      };
    }
    if (t instanceof ArrowType.FloatingPoint fp) {
      return switch (fp.getPrecision()) {
        case SINGLE -> DataTypes.FloatType;
        case DOUBLE -> DataTypes.DoubleType;
        default -> null;
      };
    }
    if (t instanceof ArrowType.Utf8 || t instanceof ArrowType.LargeUtf8) {
      return DataTypes.StringType;
    }
    if (t instanceof ArrowType.Binary || t instanceof ArrowType.LargeBinary) {
      return DataTypes.BinaryType;
    }
    if (t instanceof ArrowType.Decimal d && d.getPrecision() <= DecimalType.MAX_PRECISION) {
      return DataTypes.createDecimalType(d.getPrecision(), d.getScale());
    }
    if (t instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY) {
      return DataTypes.DateType;
    }
    if (t instanceof ArrowType.Timestamp ts && ts.getUnit() == TimeUnit.MICROSECOND) {
      return ts.getTimezone() == null ? DataTypes.TimestampNTZType : DataTypes.TimestampType;
    }
    if (t instanceof ArrowType.Time tt && tt.getUnit() == TimeUnit.NANOSECOND && tt.getBitWidth() == 64) {
      return DataTypes.createTimeType(TimeType.DEFAULT_PRECISION);
    }
    if (t instanceof ArrowType.Duration d && d.getUnit() == TimeUnit.MICROSECOND) {
      return DataTypes.createDayTimeIntervalType();
    }
    if (t instanceof ArrowType.Interval iv) {
      return switch (iv.getUnit()) {
        case YEAR_MONTH -> DataTypes.createYearMonthIntervalType();
        case MONTH_DAY_NANO -> DataTypes.CalendarIntervalType;
        default -> null;
      };
    }
    if (t instanceof ArrowType.Null) {
      return DataTypes.NullType;
    }
    return null;
  }
}
