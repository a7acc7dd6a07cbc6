package io.github.reactivespark.connect.internal.local;

import io.github.reactivespark.connect.types.CalendarInterval;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.DecimalType;
import io.github.reactivespark.connect.types.StructField;
import io.github.reactivespark.connect.types.StructType;
import io.github.reactivespark.connect.types.TimeType;
import io.github.reactivespark.connect.types.VariantVal;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The schema of a Java record or bean class and the conversion of its instances into rows, as Spark's
 * {@code Encoders.bean} infers them ({@code JavaTypeInference}, sql/catalyst/.../catalyst/JavaTypeInference.scala).
 *
 * <p>Fields: a record's components, in declaration order; a bean's properties with both a public getter
 * ({@code getX()}, or {@code isX()} for a {@code boolean}) and a public setter ({@code setX(x)}), sorted by
 * property name, as Spark's bean encoder orders them. Types:
 * <table>
 *   <caption>Java type to Spark SQL type</caption>
 *   <tr><th>Java</th><th>Spark (nullable)</th></tr>
 *   <tr><td>boolean, byte, short, int, long, float, double</td><td>boolean ... double (not null)</td></tr>
 *   <tr><td>their boxes</td><td>the same types (nullable)</td></tr>
 *   <tr><td>String, enums (by {@code name()})</td><td>string</td></tr>
 *   <tr><td>BigDecimal</td><td>decimal(38,18), Spark's {@code DecimalType.SYSTEM_DEFAULT}: values with more than
 *       18 fraction digits are refused, not rounded</td></tr>
 *   <tr><td>BigInteger</td><td>decimal(38,0)</td></tr>
 *   <tr><td>LocalDate, java.sql.Date</td><td>date</td></tr>
 *   <tr><td>Instant, java.sql.Timestamp</td><td>timestamp</td></tr>
 *   <tr><td>LocalDateTime</td><td>timestamp_ntz</td></tr>
 *   <tr><td>LocalTime</td><td>time(6)</td></tr>
 *   <tr><td>Duration</td><td>interval day to second</td></tr>
 *   <tr><td>Period</td><td>interval year to month</td></tr>
 *   <tr><td>CalendarInterval, VariantVal</td><td>interval, variant</td></tr>
 *   <tr><td>byte[]</td><td>binary</td></tr>
 *   <tr><td>T[], List&lt;T&gt;</td><td>array&lt;T&gt; (elements nullable unless T is primitive)</td></tr>
 *   <tr><td>Map&lt;K, V&gt;</td><td>map&lt;K, V&gt; (values nullable)</td></tr>
 *   <tr><td>another record or bean</td><td>struct, to any depth (a cycle is refused)</td></tr>
 * </table>
 * Anything else (raw collections, {@code Object}, interfaces, {@code Optional}) is refused with an
 * {@link IllegalArgumentException} naming the class and property.
 */
public final class JavaBeans {

  private JavaBeans() {}

  /**
   * A class's schema and the conversion of its instances.
   *
   * @param type the class
   * @param schema the inferred schema
   * @param toRow an instance to its field values (nested records and beans as {@code Object[]}), as the
   *     {@link ArrowEncoder} takes them
   */
  public record Encoding(Class<?> type, StructType schema, Function<Object, @Nullable Object[]> toRow) {

    /**
     * The row mapper of this class for {@link LocalData}: checks each element's class.
     *
     * @return a mapper that throws {@link IllegalArgumentException} naming the row index for null elements or
     *     elements of another class
     */
    public LocalData.RowMapper mapper() {
      return (element, index) -> {
        if (element == null) {
          throw new IllegalArgumentException("row " + index + " is null, not a " + type.getName());
        }
        if (!type.isInstance(element)) {
          throw new IllegalArgumentException("row " + index + " is a " + element.getClass().getName() + ", not a "
              + type.getName());
        }
        try {
          return toRow.apply(element);
        } catch (GetterFailed e) {
          throw new IllegalArgumentException("row " + index + ": " + e.getMessage(), e.getCause());
        }
      };
    }
  }

  private static final ClassValue<Encoding> ENCODINGS = new ClassValue<>() {
    @Override
    protected Encoding computeValue(Class<?> type) {
      Struct s = struct(type, type.getSimpleName(), new HashSet<>());
      return new Encoding(type, s.schema, s::toRow);
    }
  };

  /**
   * The encoding of a record or bean class (computed once per class).
   *
   * @param type a record or bean class
   * @return its schema and conversion
   * @throws IllegalArgumentException naming the class and property of a type with no Spark SQL type
   */
  public static Encoding of(Class<?> type) {
    return ENCODINGS.get(type);
  }

  /** A getter threw: the user's code failed for one element. */
  private static final class GetterFailed extends RuntimeException {
    GetterFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One property: its name, its getter as {@code (Object) -> Object}, its type and value conversion. */
  private record Property(String name, MethodHandle getter, Inferred type) {}

  /** The Spark type of a Java type and the conversion of its values (null when they go as they are). */
  private record Inferred(DataType type, boolean nullable, @Nullable Function<Object, Object> convert) {}

  private static final class Struct {
    final StructType schema;
    final Property[] properties;

    Struct(StructType schema, Property[] properties) {
      this.schema = schema;
      this.properties = properties;
    }

    @Nullable Object[] toRow(Object bean) {
      Object[] values = new Object[properties.length];
      for (int i = 0; i < values.length; i++) {
        Property p = properties[i];
        Object v;
        try {
          v = p.getter().invokeExact(bean);
        } catch (Throwable t) {
          throw new GetterFailed("the getter of property '" + p.name() + "' of " + bean.getClass().getName()
              + " threw " + t, t);
        }
        Function<Object, Object> c = p.type().convert();
        values[i] = v == null || c == null ? v : c.apply(v);
      }
      return values;
    }
  }

  private static Struct struct(Class<?> type, String path, Set<Class<?>> seen) {
    if (!seen.add(type)) {
      throw new IllegalArgumentException(path + ": " + type.getName() + " refers to itself; a Spark struct cannot"
          + " be cyclic");
    }
    try {
      List<Property> properties = new ArrayList<>();
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      if (type.isRecord()) {
        for (RecordComponent rc : type.getRecordComponents()) {
          properties.add(property(lookup, rc.getName(), rc.getAccessor(), rc.getGenericType(), path, seen));
        }
      } else {
        Map<String, Method> getters = new TreeMap<>();
        Map<String, Set<Class<?>>> setters = new LinkedHashMap<>();
        for (Method m : type.getMethods()) {
          if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class || m.isBridge()) {
            continue;
          }
          String n = m.getName();
          if (m.getParameterCount() == 0 && n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class) {
            getters.putIfAbsent(decapitalize(n.substring(3)), m);
          } else if (m.getParameterCount() == 0 && n.startsWith("is") && n.length() > 2
              && m.getReturnType() == boolean.class) {
            getters.putIfAbsent(decapitalize(n.substring(2)), m);
          } else if (m.getParameterCount() == 1 && n.startsWith("set") && n.length() > 3) {
            setters.computeIfAbsent(decapitalize(n.substring(3)), k -> new HashSet<>()).add(m.getParameterTypes()[0]);
          }
        }
        for (Map.Entry<String, Method> g : getters.entrySet()) {
          Set<Class<?>> s = setters.get(g.getKey());
          if (s != null && s.contains(g.getValue().getReturnType())) {
            properties.add(property(lookup, g.getKey(), g.getValue(), g.getValue().getGenericReturnType(), path,
                seen));
          }
        }
        properties.sort(Comparator.comparing(Property::name));
      }
      List<StructField> fields = new ArrayList<>();
      for (Property p : properties) {
        fields.add(new StructField(p.name(), p.type().type(), p.type().nullable()));
      }
      return new Struct(new StructType(fields), properties.toArray(new Property[0]));
    } finally {
      seen.remove(type);
    }
  }

  private static Property property(MethodHandles.Lookup lookup, String name, Method getter, Type type, String path,
      Set<Class<?>> seen) {
    MethodHandle h;
    try {
      getter.setAccessible(true);
      h = lookup.unreflect(getter).asType(MethodType.methodType(Object.class, Object.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(path + "." + name + ": the getter " + getter + " cannot be called: " + e, e);
    }
    return new Property(name, h, infer(type, path + "." + name, seen));
  }

  /** Introspector's rule: {@code URL} stays, {@code Name} becomes {@code name}. */
  static String decapitalize(String s) {
    if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isUpperCase(s.charAt(1))) {
      return s;
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static Inferred infer(Type t, String path, Set<Class<?>> seen) {
    if (t instanceof Class<?> c) {
      if (c.isPrimitive()) {
        return new Inferred(primitive(c, path), false, null);
      }
      DataType simple = simple(c);
      if (simple != null) {
        return new Inferred(simple, true, null);
      }
      if (c.isEnum()) {
        return new Inferred(DataTypes.StringType, true, v -> ((Enum<?>) v).name());
      }
      if (c.isArray()) {
        Class<?> component = c.getComponentType();
        Inferred e = infer(component, path + ".element", seen);
        if (e.convert() == null) {
          return new Inferred(DataTypes.createArrayType(e.type(), !component.isPrimitive()), true, null);
        }
        Function<Object, Object> ce = e.convert();
        return new Inferred(DataTypes.createArrayType(e.type(), true), true, v -> {
          Object[] in = (Object[]) v;
          Object[] out = new Object[in.length];
          for (int i = 0; i < in.length; i++) {
            out[i] = in[i] == null ? null : ce.apply(in[i]);
          }
          return out;
        });
      }
      if (List.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException(path + ": raw " + c.getName() + " has no element type; declare it as"
            + " List<T> or Map<K, V>");
      }
      if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) || c == Object.class
          || c.getName().startsWith("java.")) {
        throw new IllegalArgumentException(path + ": " + c.getName() + " has no Spark SQL type");
      }
      Struct s = struct(c, path, seen);
      return new Inferred(s.schema, true, s::toRow);
    }
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        Inferred e = infer(bound(args[0], path), path + ".element", seen);
        Function<Object, Object> ce = e.convert();
        return new Inferred(DataTypes.createArrayType(e.type(), true), true, ce == null ? null : v -> {
          List<?> in = (List<?>) v;
          List<Object> out = new ArrayList<>(in.size());
          for (Object x : in) {
            out.add(x == null ? null : ce.apply(x));
          }
          return out;
        });
      }
      if (Map.class.isAssignableFrom(raw)) {
        Inferred k = infer(bound(args[0], path), path + ".key", seen);
        Inferred val = infer(bound(args[1], path), path + ".value", seen);
        Function<Object, Object> ck = k.convert();
        Function<Object, Object> cv = val.convert();
        return new Inferred(DataTypes.createMapType(k.type(), val.type(), true), true,
            ck == null && cv == null ? null : v -> {
              Map<Object, Object> out = new LinkedHashMap<>();
              for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                Object key = e.getKey() == null || ck == null ? e.getKey() : ck.apply(e.getKey());
                Object value = e.getValue() == null || cv == null ? e.getValue() : cv.apply(e.getValue());
                out.put(key, value);
              }
              return out;
            });
      }
      throw new IllegalArgumentException(path + ": " + t.getTypeName() + " has no Spark SQL type (List and Map are"
          + " the generic types Spark's bean encoder reads)");
    }
    if (t instanceof GenericArrayType g) {
      Inferred e = infer(g.getGenericComponentType(), path + ".element", seen);
      Function<Object, Object> ce = e.convert();
      return new Inferred(DataTypes.createArrayType(e.type(), true), true, ce == null ? null
          : v -> Arrays.stream((Object[]) v).map(x -> x == null ? null : ce.apply(x)).toArray());
    }
    throw new IllegalArgumentException(path + ": type " + t.getTypeName() + " has no Spark SQL type (type"
        + " variables and wildcards cannot be inferred)");
  }

  private static Type bound(Type t, String path) {
    if (t instanceof WildcardType w && w.getLowerBounds().length == 0 && w.getUpperBounds().length == 1
        && w.getUpperBounds()[0] != Object.class) {
      return w.getUpperBounds()[0];
    }
    return t;
  }

  private static DataType primitive(Class<?> c, String path) {
    if (c == boolean.class) {
      return DataTypes.BooleanType;
    }
    if (c == byte.class) {
      return DataTypes.ByteType;
    }
    if (c == short.class) {
      return DataTypes.ShortType;
    }
    if (c == int.class) {
      return DataTypes.IntegerType;
    }
    if (c == long.class) {
      return DataTypes.LongType;
    }
    if (c == float.class) {
      return DataTypes.FloatType;
    }
    if (c == double.class) {
      return DataTypes.DoubleType;
    }
    throw new IllegalArgumentException(path + ": " + c + " has no Spark SQL type");
  }

  private static @Nullable DataType simple(Class<?> c) {
    if (c == Boolean.class) {
      return DataTypes.BooleanType;
    }
    if (c == Byte.class) {
      return DataTypes.ByteType;
    }
    if (c == Short.class) {
      return DataTypes.ShortType;
    }
    if (c == Integer.class) {
      return DataTypes.IntegerType;
    }
    if (c == Long.class) {
      return DataTypes.LongType;
    }
    if (c == Float.class) {
      return DataTypes.FloatType;
    }
    if (c == Double.class) {
      return DataTypes.DoubleType;
    }
    if (c == String.class) {
      return DataTypes.StringType;
    }
    if (c == BigDecimal.class) {
      return DecimalType.SYSTEM_DEFAULT;
    }
    if (c == BigInteger.class) {
      return DataTypes.createDecimalType(DecimalType.MAX_PRECISION, 0);
    }
    if (c == LocalDate.class || c == java.sql.Date.class) {
      return DataTypes.DateType;
    }
    if (c == Instant.class || c == java.sql.Timestamp.class) {
      return DataTypes.TimestampType;
    }
    if (c == LocalDateTime.class) {
      return DataTypes.TimestampNTZType;
    }
    if (c == LocalTime.class) {
      return DataTypes.createTimeType(TimeType.DEFAULT_PRECISION);
    }
    if (c == Duration.class) {
      return DataTypes.createDayTimeIntervalType();
    }
    if (c == Period.class) {
      return DataTypes.createYearMonthIntervalType();
    }
    if (c == CalendarInterval.class) {
      return DataTypes.CalendarIntervalType;
    }
    if (c == VariantVal.class) {
      return DataTypes.VariantType;
    }
    if (c == byte[].class) {
      return DataTypes.BinaryType;
    }
    return null;
  }
}
