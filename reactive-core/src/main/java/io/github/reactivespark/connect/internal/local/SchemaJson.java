package io.github.reactivespark.connect.internal.local;

import io.github.reactivespark.connect.types.ArrayType;
import io.github.reactivespark.connect.types.CalendarIntervalType;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.GeographyType;
import io.github.reactivespark.connect.types.GeometryType;
import io.github.reactivespark.connect.types.MapType;
import io.github.reactivespark.connect.types.StructField;
import io.github.reactivespark.connect.types.StructType;

/**
 * A data type in Spark's JSON form ({@code DataType.json}, sql/api/.../types/DataType.scala), the schema form of a
 * {@code LocalRelation} that keeps everything: element and value nullability ({@code containsNull},
 * {@code valueContainsNull}, which DDL cannot say) and field metadata. Atomic types are their type name
 * ({@link DataType#typeName()}, which follows Spark's), except where Spark 4.1.2's {@code DataType.fromJson} reads
 * another one (checked against the server): {@code "interval"} for the calendar interval, a CRS for
 * geometry/geography ({@code geometry(SRID:0)}, {@code geometry(OGC:CRS84)} for SRID 4326,
 * {@code geography(OGC:CRS84)}); other SRIDs are refused with {@link IllegalArgumentException}.
 */
public final class SchemaJson {

  private SchemaJson() {}

  /**
   * The JSON of a type.
   *
   * @param type the type
   * @return e.g. {@code {"type":"struct","fields":[{"name":"a","type":"integer","nullable":false,"metadata":{}}]}}
   */
  public static String json(DataType type) {
    StringBuilder b = new StringBuilder(64);
    write(b, type);
    return b.toString();
  }

  private static void write(StringBuilder b, DataType type) {
    if (type instanceof StructType s) {
      b.append("{\"type\":\"struct\",\"fields\":[");
      for (int i = 0; i < s.size(); i++) {
        StructField f = s.get(i);
        b.append(i == 0 ? "" : ",").append("{\"name\":");
        string(b, f.name());
        b.append(",\"type\":");
        write(b, f.dataType());
        b.append(",\"nullable\":").append(f.nullable()).append(",\"metadata\":")
            .append(f.metadata().isBlank() ? "{}" : f.metadata()).append('}');
      }
      b.append("]}");
    } else if (type instanceof ArrayType a) {
      b.append("{\"type\":\"array\",\"elementType\":");
      write(b, a.elementType());
      b.append(",\"containsNull\":").append(a.containsNull()).append('}');
    } else if (type instanceof MapType m) {
      b.append("{\"type\":\"map\",\"keyType\":");
      write(b, m.keyType());
      b.append(",\"valueType\":");
      write(b, m.valueType());
      b.append(",\"valueContainsNull\":").append(m.valueContainsNull()).append('}');
    } else if (type instanceof CalendarIntervalType) {
      string(b, "interval");
    } else if (type instanceof GeometryType g) {
      string(b, "geometry(" + crs(g.srid(), type) + ")");
    } else if (type instanceof GeographyType g) {
      if (g.srid() != 4326) {
        throw new IllegalArgumentException(type.simpleString() + ": only geography(4326) can be named in a local"
            + " relation's schema (Spark's JSON form names a CRS, and 4326 is OGC:CRS84)");
      }
      string(b, "geography(OGC:CRS84)");
    } else {
      string(b, type.typeName());
    }
  }

  /** The CRS Spark's JSON form names for a geometry SRID: 0 and 4326 (OGC:CRS84) are the ones Spark 4.1 maps. */
  private static String crs(int srid, DataType type) {
    return switch (srid) {
      case 0 -> "SRID:0";
      case 4326 -> "OGC:CRS84";
      default -> throw new IllegalArgumentException(type.simpleString() + ": only SRIDs 0 and 4326 can be named in"
          + " a local relation's schema (Spark's JSON form names a CRS)");
    };
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
