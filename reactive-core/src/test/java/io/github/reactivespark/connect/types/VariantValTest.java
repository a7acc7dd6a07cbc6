package io.github.reactivespark.connect.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Fixtures: bytes of variants produced by a Spark 4.1.2 server, expected text from its {@code to_json(v)}. */
class VariantValTest {

  private static VariantVal v(String value, String metadata) {
    return new VariantVal(Base64.getDecoder().decode(value), Base64.getDecoder().decode(metadata));
  }

  @Test
  void objectWithNestedArrayObjectAndEscapes() {
    // parse_json('{"a":1.50,"b":-3,"c":1e10,"d":"x\ny\"é","e":[true,false,null],"f":{"g":12345678901,"h":300,"i":70000}}')
    VariantVal val = v("AgYAAQIDBAUABggRGCE7IAKWAAAADP0cAAAAIF+gAkIZeAp5IsOpAwMAAQIDBAgAAgMGBwgACQwRGDUc3N8CAAAAECwBFHARAQA=",
        "AQkAAQIDBAUGBwgJYWJjZGVmZ2hp");
    assertEquals("{\"a\":1.5,\"b\":-3,\"c\":1.0E10,\"d\":\"x\\ny\\\"é\",\"e\":[true,false,null],"
        + "\"f\":{\"g\":12345678901,\"h\":300,\"i\":70000}}", val.toJson());
  }

  @Test
  void primitives() {
    assertEquals("1.5", v("OAAAwD8=", "AQAA").toJson()); // float
    assertEquals("\"2024-01-02\"", v("LAxNAAA=", "AQAA").toJson()); // date
    assertEquals("\"2024-01-02 03:04:05.123456+00:00\"", v("MIC1T8DtDQYA", "AQAA").toJson()); // timestamp
    assertEquals("\"2024-01-02 04:04:05.123456+01:00\"",
        v("MIC1T8DtDQYA", "AQAA").toJson(ZoneId.of("Europe/Paris")));
    assertEquals("\"2024-01-02 03:04:05.5\"", v("NGB0VcDtDQYA", "AQAA").toJson()); // timestamp_ntz
    assertEquals("\"AQL/\"", v("PAMAAAABAv8=", "AQAA").toJson()); // binary
    assertEquals("1.5", v("IAKWAAAA", "AQAA").toJson()); // decimal4 1.50
    assertEquals("-12345678901234567890.5", v("KAHHk8nQfmCxTvn/////////", "AQAA").toJson()); // decimal16
    assertEquals("123456789012.5", v("JAHNBPtxHwEAAA==", "AQAA").toJson()); // decimal8
    assertEquals("\"short\"", v("FXNob3J0", "AQAA").toJson());
    assertEquals("null", v("AA==", "AQAA").toJson());
    assertEquals("2.5", v("HAAAAAAAAARA", "AQAA").toJson()); // double
    assertEquals("1", v("IAEKAAAA", "AQAA").toJson()); // parse_json('1.0')
    assertEquals("{}", v("AgAA", "AQAA").toJson());
    assertEquals("[]", v("AwAA", "AQAA").toJson());
  }

  @Test
  void arrayWithTwoByteOffsetsAndLongString() {
    // parse_json('["zzz...(300)", 1]')
    byte[] value = new byte[1 + 1 + 3 * 2 + 5 + 300 + 2];
    int p = 0;
    value[p++] = 0x07; // array, 2-byte offsets
    value[p++] = 2;
    value[p++] = 0;
    value[p++] = 0; // offset 0
    value[p++] = 0x31;
    value[p++] = 0x01; // offset 305
    value[p++] = 0x33;
    value[p++] = 0x01; // offset 307
    value[p++] = 0x40; // long string
    value[p++] = 0x2C;
    value[p++] = 0x01;
    value[p++] = 0;
    value[p++] = 0; // length 300
    for (int i = 0; i < 300; i++) {
      value[p++] = 'z';
    }
    value[p++] = 0x0C; // int8
    value[p] = 1;
    assertEquals("[\"" + "z".repeat(300) + "\",1]", new VariantVal(value, new byte[] {1, 0, 0}).toJson());
  }

  @Test
  void controlCharactersAreEscapedLikeJackson() {
    // parse_json('{"k":"\u0001/\t"}') renders {"k":"\u0001/\t"}
    byte[] value = {0x02, 1, 0, 0, 4, 0x0D, 1, '/', '\t'};
    byte[] metadata = {1, 1, 0, 1, 'k'};
    assertEquals("{\"k\":\"\\u0001/\\t\"}", new VariantVal(value, metadata).toJson());
  }

  @Test
  void valueSemanticsAndValidation() {
    assertEquals(v("FXNob3J0", "AQAA"), v("FXNob3J0", "AQAA"));
    assertEquals(v("FXNob3J0", "AQAA").hashCode(), v("FXNob3J0", "AQAA").hashCode());
    assertNotEquals(v("FXNob3J0", "AQAA"), v("AA==", "AQAA"));
    assertThrows(IllegalArgumentException.class, () -> new VariantVal(new byte[] {0}, new byte[] {2}));
    assertThrows(IllegalArgumentException.class, () -> new VariantVal(new byte[] {0x02, 5}, new byte[] {1, 0, 0})
        .toJson());
    byte[] inner = {0x05, 's'};
    VariantVal val = new VariantVal(inner, new byte[] {1, 0, 0});
    inner[1] = 'x';
    assertEquals("\"s\"", val.toJson());
  }
}
