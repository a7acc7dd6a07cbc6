package io.github.reactivespark.connect.types;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A value of {@link GeographyType}: a spatial reference id and the shape in Well-Known Binary. Spark sends it over
 * Arrow as {@code struct<srid: int, wkb: binary>} (checked against Spark 4.1.2).
 *
 * @param srid the spatial reference id
 * @param wkb the Well-Known Binary encoding; the record keeps its own copy
 */
public record Geography(int srid, byte[] wkb) {
  /** Copies {@code wkb}. */
  public Geography {
    wkb = wkb.clone();
  }

  /**
   * Returns a copy of the WKB bytes.
   *
   * @return a fresh array
   */
  @Override
  public byte[] wkb() {
    return wkb.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Geography other && srid == other.srid && Arrays.equals(wkb, other.wkb);
  }

  @Override
  public int hashCode() {
    return 31 * srid + Arrays.hashCode(wkb);
  }

  @Override
  public String toString() {
    return "Geography(srid=" + srid + ", wkb=" + HexFormat.of().formatHex(wkb) + ")";
  }
}
