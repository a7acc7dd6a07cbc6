package io.github.reactivespark.connect.internal.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.DecimalType;
import io.github.reactivespark.connect.types.GeographyType;
import io.github.reactivespark.connect.types.GeometryType;
import io.github.reactivespark.connect.types.StructType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataTypeProtosTest {
  private static final io.github.reactivespark.connect.internal.proto.DataType.Builder P =
      io.github.reactivespark.connect.internal.proto.DataType.newBuilder();

  static final List<DataType> ALL = List.of(DataTypes.NullType, DataTypes.BinaryType, DataTypes.BooleanType,
      DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType, DataTypes.FloatType,
      DataTypes.DoubleType, DataTypes.createDecimalType(38, 10), DataTypes.StringType,
      DataTypes.createStringType("UTF8_LCASE"), DataTypes.createCharType(3), DataTypes.createVarcharType(5),
      DataTypes.DateType, DataTypes.TimestampType, DataTypes.TimestampNTZType, DataTypes.createTimeType(0),
      DataTypes.CalendarIntervalType, DataTypes.createYearMonthIntervalType(1, 1),
      DataTypes.createDayTimeIntervalType(1, 3), DataTypes.createArrayType(DataTypes.IntegerType, false),
      DataTypes.createMapType(DataTypes.StringType, DataTypes.createArrayType(DataTypes.VariantType), true),
      DataTypes.createStructType(DataTypes.createStructField("a", DataTypes.IntegerType, false),
          DataTypes.createStructField("b c", DataTypes.createStructType(
              DataTypes.createStructField("m", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.DateType,
                  false), true, "{\"comment\":\"x\"}")), true)),
      DataTypes.VariantType, new GeometryType(0), new GeographyType(4326));

  @Test
  void everyKindRoundTrips() {
    Set<io.github.reactivespark.connect.internal.proto.DataType.KindCase> seen =
        EnumSet.noneOf(io.github.reactivespark.connect.internal.proto.DataType.KindCase.class);
    for (DataType t : ALL) {
      var proto = DataTypeProtos.toProto(t);
      seen.add(proto.getKindCase());
      assertEquals(t, DataTypeProtos.fromProto(proto), "round trip of " + t);
    }
    // all kinds but the two client-to-server-only fallbacks and the unset case
    Set<io.github.reactivespark.connect.internal.proto.DataType.KindCase> expected =
        EnumSet.allOf(io.github.reactivespark.connect.internal.proto.DataType.KindCase.class);
    expected.removeAll(EnumSet.of(io.github.reactivespark.connect.internal.proto.DataType.KindCase.UDT,
        io.github.reactivespark.connect.internal.proto.DataType.KindCase.UNPARSED,
        io.github.reactivespark.connect.internal.proto.DataType.KindCase.KIND_NOT_SET));
    assertEquals(expected, seen);
  }

  @Test
  void protoFieldsAreSetAsSparkSendsThem() {
    var proto = DataTypeProtos.toProto(DataTypes.createStructType(
        DataTypes.createStructField("d", DataTypes.createDecimalType(10, 2), true),
        DataTypes.createStructField("s", DataTypes.StringType, false)));
    var fields = proto.getStruct().getFieldsList();
    assertEquals(10, fields.get(0).getDataType().getDecimal().getPrecision());
    assertEquals(2, fields.get(0).getDataType().getDecimal().getScale());
    assertEquals("UTF8_BINARY", fields.get(1).getDataType().getString().getCollation());
    assertEquals(false, fields.get(0).hasMetadata());
  }

  @Test
  void absentOptionalFieldsTakeSparkDefaults() {
    assertEquals(DecimalType.USER_DEFAULT, DataTypeProtos.fromProto(P.clone().setDecimal(
        io.github.reactivespark.connect.internal.proto.DataType.Decimal.getDefaultInstance()).build()));
    assertEquals(DataTypes.createTimeType(6), DataTypeProtos.fromProto(P.clone().setTime(
        io.github.reactivespark.connect.internal.proto.DataType.Time.getDefaultInstance()).build()));
    assertEquals(DataTypes.createDayTimeIntervalType(), DataTypeProtos.fromProto(P.clone().setDayTimeInterval(
        io.github.reactivespark.connect.internal.proto.DataType.DayTimeInterval.getDefaultInstance()).build()));
    assertEquals(DataTypes.createYearMonthIntervalType(), DataTypeProtos.fromProto(P.clone().setYearMonthInterval(
        io.github.reactivespark.connect.internal.proto.DataType.YearMonthInterval.getDefaultInstance()).build()));
    assertEquals(DataTypes.StringType, DataTypeProtos.fromProto(P.clone().setString(
        io.github.reactivespark.connect.internal.proto.DataType.String.getDefaultInstance()).build()));
  }

  @Test
  void udtMapsToItsSqlTypeAndUnparsedFails() {
    var udt = P.clone().setUdt(io.github.reactivespark.connect.internal.proto.DataType.UDT.newBuilder()
        .setType("udt").setJvmClass("org.example.PointUDT")
        .setSqlType(DataTypeProtos.toProto(DataTypes.createArrayType(DataTypes.DoubleType, false)))).build();
    assertEquals(DataTypes.createArrayType(DataTypes.DoubleType, false), DataTypeProtos.fromProto(udt));
    var bare = P.clone().setUdt(io.github.reactivespark.connect.internal.proto.DataType.UDT.newBuilder()
        .setType("udt").setJvmClass("org.example.PointUDT")).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataTypeProtos.fromProto(bare));
    assertEquals("user-defined type org.example.PointUDT has no sql_type", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DataTypeProtos.fromProto(P.clone().setUnparsed(
        io.github.reactivespark.connect.internal.proto.DataType.Unparsed.newBuilder()
            .setDataTypeString("int")).build()));
    assertThrows(IllegalArgumentException.class, () -> DataTypeProtos.fromProto(P.clone().build()));
  }

  @Test
  void structMetadataSurvives() {
    StructType st = (StructType) ALL.get(23);
    var back = (StructType) DataTypeProtos.fromProto(DataTypeProtos.toProto(st));
    assertEquals("{\"comment\":\"x\"}",
        ((StructType) back.field("b c").dataType()).field("m").metadata());
  }
}
