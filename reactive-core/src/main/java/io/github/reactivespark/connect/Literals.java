package io.github.reactivespark.connect;

import com.google.protobuf.ByteString;
import io.github.reactivespark.connect.internal.proto.DataType;
import io.github.reactivespark.connect.internal.proto.Expression;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** Java values to {@code Expression.Literal}, as Spark's {@code LiteralValueProtoConverter} maps them. */
final class Literals {

  private Literals() {}

  static Expression toExpression(@Nullable Object value) {
    if (value instanceof Column c) {
      return c.expr;
    }
    return Expression.newBuilder().setLiteral(toLiteral(value)).build();
  }

  static Expression.Literal toLiteral(@Nullable Object v) {
    Expression.Literal.Builder b = Expression.Literal.newBuilder();
    if (v == null) {
      return b.setNull(DataType.newBuilder().setNull(DataType.NULL.getDefaultInstance())).build();
    } else if (v instanceof Boolean x) {
      return b.setBoolean(x).build();
    } else if (v instanceof Byte x) {
      return b.setByte(x).build();
    } else if (v instanceof Short x) {
      return b.setShort(x).build();
    } else if (v instanceof Integer x) {
      return b.setInteger(x).build();
    } else if (v instanceof Long x) {
      return b.setLong(x).build();
    } else if (v instanceof Float x) {
      return b.setFloat(x).build();
    } else if (v instanceof Double x) {
      return b.setDouble(x).build();
    } else if (v instanceof BigDecimal x) {
      return b.setDecimal(Expression.Literal.Decimal.newBuilder()
          .setValue(x.toPlainString())
          .setPrecision(Math.max(x.precision(), x.scale()))
          .setScale(Math.max(0, x.scale()))).build();
    } else if (v instanceof String x) {
      return b.setString(x).build();
    } else if (v instanceof Character x) {
      return b.setString(String.valueOf(x)).build();
    } else if (v instanceof byte[] x) {
      return b.setBinary(ByteString.copyFrom(x)).build();
    } else if (v instanceof LocalDate x) {
      return b.setDate((int) x.toEpochDay()).build();
    } else if (v instanceof Instant x) {
      return b.setTimestamp(ChronoUnit.MICROS.between(Instant.EPOCH, x)).build();
    } else if (v instanceof LocalDateTime x) {
      return b.setTimestampNtz(ChronoUnit.MICROS.between(Instant.EPOCH, x.toInstant(ZoneOffset.UTC))).build();
    } else if (v instanceof Duration x) {
      return b.setDayTimeInterval(x.toNanos() / 1000).build();
    } else if (v instanceof Period x) {
      return b.setYearMonthInterval((int) x.toTotalMonths()).build();
    }
    throw new IllegalArgumentException("Unsupported literal type " + v.getClass().getName()
        + ": use Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal, String, byte[], LocalDate, Instant,"
        + " LocalDateTime, Duration or Period");
  }
}
