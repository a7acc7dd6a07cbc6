package io.github.reactivespark.connect.internal.types;

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

/**
 * Converts between {@link DataType} and the protocol's {@code spark.connect.DataType} ({@code types.proto}),
 * after Spark's {@code DataTypeProtoConverter} (sql/connect/common/.../common/DataTypeProtoConverter.scala).
 *
 * <p>Absent optional fields take Spark's defaults: decimal precision 10 and scale 0, time precision 6, day-time
 * interval DAY TO SECOND, year-month interval YEAR TO MONTH, an empty collation means {@code UTF8_BINARY}.
 *
 * <p>Fallbacks: a {@code UDT} maps to its {@code sql_type} (the storage type: the client has no user-defined
 * classes), and fails if the server sent none. {@code Unparsed} (a type string only clients send) and an unset
 * kind fail with {@link IllegalArgumentException}. {@link #toProto} never produces either.
 */
public final class DataTypeProtos {
  private DataTypeProtos() {}

  /**
   * Converts a protocol data type to the model.
   *
   * @param proto the message, as found in {@code ExecutePlanResponse.schema} or {@code AnalyzePlanResponse}
   * @return the equivalent type
   * @throws IllegalArgumentException for {@code Unparsed}, a UDT without {@code sql_type}, an unset kind, or
   *     out-of-range parameters
   */
  public static DataType fromProto(io.github.reactivespark.connect.internal.proto.DataType proto) {
    return switch (proto.getKindCase()) {
      case NULL -> DataTypes.NullType;
      case BINARY -> DataTypes.BinaryType;
      case BOOLEAN -> DataTypes.BooleanType;
      case BYTE -> DataTypes.ByteType;
      case SHORT -> DataTypes.ShortType;
      case INTEGER -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case FLOAT -> DataTypes.FloatType;
      case DOUBLE -> DataTypes.DoubleType;
      case DECIMAL -> {
        var d = proto.getDecimal();
        yield new DecimalType(d.hasPrecision() ? d.getPrecision() : DecimalType.USER_DEFAULT.precision(),
            d.hasScale() ? d.getScale() : DecimalType.USER_DEFAULT.scale());
      }
      case STRING -> {
        String collation = proto.getString().getCollation();
        yield collation.isEmpty() ? DataTypes.StringType : new StringType(collation);
      }
      case CHAR -> new CharType(proto.getChar().getLength());
      case VAR_CHAR -> new VarcharType(proto.getVarChar().getLength());
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case TIMESTAMP_NTZ -> DataTypes.TimestampNTZType;
      case TIME -> new TimeType(proto.getTime().hasPrecision() ? proto.getTime().getPrecision()
          : TimeType.DEFAULT_PRECISION);
      case CALENDAR_INTERVAL -> DataTypes.CalendarIntervalType;
      case YEAR_MONTH_INTERVAL -> {
        var i = proto.getYearMonthInterval();
        yield new YearMonthIntervalType(i.hasStartField() ? i.getStartField() : YearMonthIntervalType.YEAR,
            i.hasEndField() ? i.getEndField() : YearMonthIntervalType.MONTH);
      }
      case DAY_TIME_INTERVAL -> {
        var i = proto.getDayTimeInterval();
        yield new DayTimeIntervalType(i.hasStartField() ? i.getStartField() : DayTimeIntervalType.DAY,
            i.hasEndField() ? i.getEndField() : DayTimeIntervalType.SECOND);
      }
      case ARRAY -> new ArrayType(fromProto(proto.getArray().getElementType()), proto.getArray().getContainsNull());
      case MAP -> {
        var m = proto.getMap();
        yield new MapType(fromProto(m.getKeyType()), fromProto(m.getValueType()), m.getValueContainsNull());
      }
      case STRUCT -> {
        var fields = proto.getStruct().getFieldsList();
        List<StructField> out = new ArrayList<>(fields.size());
        for (var f : fields) {
          out.add(new StructField(f.getName(), fromProto(f.getDataType()), f.getNullable(),
              f.hasMetadata() ? f.getMetadata() : ""));
        }
        yield new StructType(out);
      }
      case VARIANT -> DataTypes.VariantType;
      case GEOMETRY -> new GeometryType(proto.getGeometry().getSrid());
      case GEOGRAPHY -> new GeographyType(proto.getGeography().getSrid());
      case UDT -> {
        var udt = proto.getUdt();
        if (!udt.hasSqlType()) {
          throw new IllegalArgumentException("user-defined type " + describeUdt(udt) + " has no sql_type");
        }
        yield fromProto(udt.getSqlType());
      }
      case UNPARSED -> throw new IllegalArgumentException(
          "unparsed data type \"" + proto.getUnparsed().getDataTypeString() + "\" must be parsed by the server");
      case KIND_NOT_SET -> throw new IllegalArgumentException("DataType message has no kind set");
    };
  }

  private static String describeUdt(io.github.reactivespark.connect.internal.proto.DataType.UDT udt) {
    return udt.hasJvmClass() ? udt.getJvmClass() : udt.hasPythonClass() ? udt.getPythonClass() : udt.getType();
  }

  /**
   * Converts a model type to the protocol message, setting every optional parameter explicitly.
   *
   * @param type the type
   * @return the message
   */
  public static io.github.reactivespark.connect.internal.proto.DataType toProto(DataType type) {
    var b = io.github.reactivespark.connect.internal.proto.DataType.newBuilder();
    if (type instanceof NullType) {
      b.setNull(io.github.reactivespark.connect.internal.proto.DataType.NULL.getDefaultInstance());
    } else if (type instanceof BinaryType) {
      b.setBinary(io.github.reactivespark.connect.internal.proto.DataType.Binary.getDefaultInstance());
    } else if (type instanceof BooleanType) {
      b.setBoolean(io.github.reactivespark.connect.internal.proto.DataType.Boolean.getDefaultInstance());
    } else if (type instanceof ByteType) {
      b.setByte(io.github.reactivespark.connect.internal.proto.DataType.Byte.getDefaultInstance());
    } else if (type instanceof ShortType) {
      b.setShort(io.github.reactivespark.connect.internal.proto.DataType.Short.getDefaultInstance());
    } else if (type instanceof IntegerType) {
      b.setInteger(io.github.reactivespark.connect.internal.proto.DataType.Integer.getDefaultInstance());
    } else if (type instanceof LongType) {
      b.setLong(io.github.reactivespark.connect.internal.proto.DataType.Long.getDefaultInstance());
    } else if (type instanceof FloatType) {
      b.setFloat(io.github.reactivespark.connect.internal.proto.DataType.Float.getDefaultInstance());
    } else if (type instanceof DoubleType) {
      b.setDouble(io.github.reactivespark.connect.internal.proto.DataType.Double.getDefaultInstance());
    } else if (type instanceof DecimalType d) {
      b.getDecimalBuilder().setPrecision(d.precision()).setScale(d.scale());
    } else if (type instanceof StringType s) {
      b.getStringBuilder().setCollation(s.collation());
    } else if (type instanceof CharType c) {
      b.getCharBuilder().setLength(c.length());
    } else if (type instanceof VarcharType v) {
      b.getVarCharBuilder().setLength(v.length());
    } else if (type instanceof DateType) {
      b.setDate(io.github.reactivespark.connect.internal.proto.DataType.Date.getDefaultInstance());
    } else if (type instanceof TimestampType) {
      b.setTimestamp(io.github.reactivespark.connect.internal.proto.DataType.Timestamp.getDefaultInstance());
    } else if (type instanceof TimestampNTZType) {
      b.setTimestampNtz(io.github.reactivespark.connect.internal.proto.DataType.TimestampNTZ.getDefaultInstance());
    } else if (type instanceof TimeType t) {
      b.getTimeBuilder().setPrecision(t.precision());
    } else if (type instanceof CalendarIntervalType) {
      b.setCalendarInterval(
          io.github.reactivespark.connect.internal.proto.DataType.CalendarInterval.getDefaultInstance());
    } else if (type instanceof YearMonthIntervalType y) {
      b.getYearMonthIntervalBuilder().setStartField(y.startField()).setEndField(y.endField());
    } else if (type instanceof DayTimeIntervalType d) {
      b.getDayTimeIntervalBuilder().setStartField(d.startField()).setEndField(d.endField());
    } else if (type instanceof ArrayType a) {
      b.getArrayBuilder().setElementType(toProto(a.elementType())).setContainsNull(a.containsNull());
    } else if (type instanceof MapType m) {
      b.getMapBuilder().setKeyType(toProto(m.keyType())).setValueType(toProto(m.valueType()))
          .setValueContainsNull(m.valueContainsNull());
    } else if (type instanceof StructType st) {
      var sb = b.getStructBuilder();
      for (StructField f : st.fields()) {
        var fb = sb.addFieldsBuilder().setName(f.name()).setDataType(toProto(f.dataType())).setNullable(f.nullable());
        if (!f.metadata().isEmpty()) {
          fb.setMetadata(f.metadata());
        }
      }
    } else if (type instanceof VariantType) {
      b.setVariant(io.github.reactivespark.connect.internal.proto.DataType.Variant.getDefaultInstance());
    } else if (type instanceof GeometryType g) {
      b.getGeometryBuilder().setSrid(g.srid());
    } else if (type instanceof GeographyType g) {
      b.getGeographyBuilder().setSrid(g.srid());
    } else {
      throw new IllegalStateException("unknown data type " + type);
    }
    return b.build();
  }
}
