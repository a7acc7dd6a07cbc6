package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Expression;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code Expression.Literal} to Java values, the reverse of {@link Literals} (Spark's
 * {@code LiteralValueProtoConverter.toScalaValue}); used for observed metrics. Java types as {@link Row} uses them.
 */
final class LiteralValues {

  private LiteralValues() {}

  static @Nullable Object toJava(Expression.Literal l) {
    return switch (l.getLiteralTypeCase()) {
      case NULL, LITERALTYPE_NOT_SET -> null;
      case BINARY -> l.getBinary().toByteArray();
      case BOOLEAN -> l.getBoolean();
      case BYTE -> (byte) l.getByte();
      case SHORT -> (short) l.getShort();
      case INTEGER -> l.getInteger();
      case LONG -> l.getLong();
      case FLOAT -> l.getFloat();
      case DOUBLE -> l.getDouble();
      case DECIMAL -> new BigDecimal(l.getDecimal().getValue());
      case STRING -> l.getString();
      case DATE -> LocalDate.ofEpochDay(l.getDate());
      case TIMESTAMP -> Instant.EPOCH.plusNanos(Math.multiplyExact(l.getTimestamp(), 1000L));
      case TIMESTAMP_NTZ -> LocalDateTime.ofEpochSecond(Math.floorDiv(l.getTimestampNtz(), 1_000_000L),
          (int) Math.floorMod(l.getTimestampNtz(), 1_000_000L) * 1000, ZoneOffset.UTC);
      case YEAR_MONTH_INTERVAL -> Period.ofMonths(l.getYearMonthInterval()).normalized();
      case DAY_TIME_INTERVAL -> Duration.ofNanos(Math.multiplyExact(l.getDayTimeInterval(), 1000L));
      case TIME -> LocalTime.ofNanoOfDay(l.getTime().getNano());
      case CALENDAR_INTERVAL -> l.getCalendarInterval().toString().trim();
      case ARRAY -> {
        List<@Nullable Object> out = new ArrayList<>();
        l.getArray().getElementsList().forEach(e -> out.add(toJava(e)));
        yield out;
      }
      case MAP -> {
        Map<@Nullable Object, @Nullable Object> out = new LinkedHashMap<>();
        for (int i = 0; i < l.getMap().getKeysCount(); i++) {
          out.put(toJava(l.getMap().getKeys(i)), toJava(l.getMap().getValues(i)));
        }
        yield out;
      }
      case STRUCT -> {
        List<@Nullable Object> out = new ArrayList<>();
        l.getStruct().getElementsList().forEach(e -> out.add(toJava(e)));
        yield out;
      }
      case SPECIALIZED_ARRAY -> {
        Expression.Literal.SpecializedArray a = l.getSpecializedArray();
        yield switch (a.getValueTypeCase()) {
          case BOOLS -> new ArrayList<Object>(a.getBools().getValuesList());
          case INTS -> new ArrayList<Object>(a.getInts().getValuesList());
          case LONGS -> new ArrayList<Object>(a.getLongs().getValuesList());
          case FLOATS -> new ArrayList<Object>(a.getFloats().getValuesList());
          case DOUBLES -> new ArrayList<Object>(a.getDoubles().getValuesList());
          case STRINGS -> new ArrayList<Object>(a.getStrings().getValuesList());
          case VALUETYPE_NOT_SET -> new ArrayList<Object>();
        };
      }
    };
  }
}
