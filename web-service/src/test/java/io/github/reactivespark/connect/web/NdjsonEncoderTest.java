package io.github.reactivespark.connect.web;

import static io.github.reactivespark.connect.types.DataTypes.createStructField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.ArrowBatch;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.local.ArrowEncoder;
import io.github.reactivespark.connect.internal.local.IpcStreams;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.types.CalendarInterval;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructField;
import io.github.reactivespark.connect.types.StructType;
import io.github.reactivespark.connect.types.VariantVal;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link NdjsonEncoder} writes exactly the bytes of the mapper writing {@link ResultStreams#toMap} of each row and a
 * newline (what the NDJSON endpoint wrote before), for every Spark type a result can hold, nulls and awkward values
 * (escapes, non-ASCII and malformed UTF-8 strings, NaN, infinities, extremes, duplicate column names). The batches are
 * decoded by the client's own decoder from Arrow IPC written by its {@code ArrowEncoder}.
 */
class NdjsonEncoderTest {

  private static final ObjectMapper BOOT_MAPPER = bootMapper();

  static Stream<ObjectMapper> mappers() {
    // the last one writes dates as numbers: the encoder's probe sees it and leaves timestamps to the mapper
    return Stream.of(BOOT_MAPPER, JsonMapper.builder().build(),
        JsonMapper.builder().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build());
  }

  @Test
  void timestampsAreFormattedHereOnlyWhenTheMapperWritesIso8601() {
    assertTrue(new NdjsonEncoder(BOOT_MAPPER).formatsTimestamps());
    assertTrue(new NdjsonEncoder(JsonMapper.builder().build()).formatsTimestamps());
    assertFalse(new NdjsonEncoder(JsonMapper.builder().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build())
        .formatsTimestamps());
  }

  @ParameterizedTest
  @MethodSource("mappers")
  void everyTypeAsTheMapperWritesTheRowsMap(ObjectMapper mapper) {
    StructType nested = DataTypes.createStructType(createStructField("a", DataTypes.IntegerType, true),
        createStructField("b", DataTypes.StringType, true));
    List<StructField> fields = List.of(
        createStructField("bool", DataTypes.BooleanType, true),
        createStructField("tiny", DataTypes.ByteType, true),
        createStructField("small", DataTypes.ShortType, true),
        createStructField("int", DataTypes.IntegerType, true),
        createStructField("big", DataTypes.LongType, true),
        createStructField("float", DataTypes.FloatType, true),
        createStructField("double", DataTypes.DoubleType, true),
        createStructField("decimal", DataTypes.createDecimalType(20, 4), true),
        createStructField("string", DataTypes.StringType, true),
        createStructField("varchar", DataTypes.createVarcharType(40), true),
        createStructField("binary", DataTypes.BinaryType, true),
        createStructField("date", DataTypes.DateType, true),
        createStructField("ts", DataTypes.TimestampType, true),
        createStructField("ntz", DataTypes.TimestampNTZType, true),
        createStructField("time", DataTypes.createTimeType(6), true),
        createStructField("daytime", DataTypes.createDayTimeIntervalType(), true),
        createStructField("yearmonth", DataTypes.createYearMonthIntervalType(), true),
        createStructField("calendar", DataTypes.CalendarIntervalType, true),
        createStructField("variant", DataTypes.VariantType, true),
        createStructField("ints", DataTypes.createArrayType(DataTypes.IntegerType, true), true),
        createStructField("structs", DataTypes.createArrayType(nested, true), true),
        createStructField("map", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, true), true),
        createStructField("struct", nested, true),
        createStructField("void", DataTypes.NullType, true));
    StructType schema = DataTypes.createStructType(fields);
    // metadata: version 1, empty dictionary; value: int8 42
    VariantVal variant = new VariantVal(new byte[] {0x0C, 42}, new byte[] {0x01, 0x00, 0x00});
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("x\"y", 1.5);
    map.put("n", null);
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {true, (byte) -128, (short) 32767, Integer.MIN_VALUE, Long.MAX_VALUE, 0.1f, 1e-300,
        new BigDecimal("1234567890123456.7890"), "plain ascii", "tab\there", new byte[] {0, 1, (byte) 0xFF},
        LocalDate.of(2001, 1, 1), Instant.parse("2001-01-01T06:05:00Z"), LocalDateTime.of(2001, 6, 30, 23, 59, 59),
        LocalTime.of(12, 30, 0, 123_456_000), Duration.ofSeconds(90061, 5_000), Period.ofMonths(14),
        new CalendarInterval(1, 2, 3_000_004L), variant, Arrays.asList(1, null, 3),
        Arrays.asList(new Object[] {1, "a"}, null), map, new Object[] {7, "seven"}, null});
    rows.add(new Object[] {false, (byte) 0, (short) -1, 0, Long.MIN_VALUE, Float.NaN, Double.POSITIVE_INFINITY,
        new BigDecimal("0.0000"), "quote \" backslash \\ slash / nul \u0000 us \u001f del \u007f",
        "é ü 日本 😀 \u2028", new byte[0], LocalDate.of(1, 1, 1), Instant.parse("1969-12-31T23:59:59.999999Z"),
        LocalDateTime.of(9999, 12, 31, 0, 0, 0, 1_000), LocalTime.MIDNIGHT, Duration.ofSeconds(-1), Period.ZERO,
        new CalendarInterval(-1, 0, 0), variant, List.of(), List.of(), Map.of(), new Object[] {null, null}, null});
    rows.add(new Object[fields.size()]); // all null
    rows.add(new Object[] {true, (byte) 1, (short) 2, 3, 4L, Float.NEGATIVE_INFINITY, -0.0, new BigDecimal("-1E-4"),
        "x".repeat(1000), "", new byte[] {65}, LocalDate.of(2024, 2, 29), Instant.parse("2001-01-01T00:00:00.5Z"),
        LocalDateTime.of(2001, 1, 1, 0, 0), LocalTime.of(23, 59, 59, 999_999_000), Duration.ZERO,
        Period.ofYears(-3), new CalendarInterval(0, 0, 1), null, null, null, null, null, null});
    rows.add(new Object[] {null, null, null, 42, null, Float.MAX_VALUE, Double.MIN_VALUE, null, "é".repeat(300),
        "ok", null, null, null, null, null, null, null, null, null, null, null, null, null, null});
    assertSameBytes(mapper, schema, rows);
  }

  @Test
  void malformedUtf8IsReplacedAsTheRowDecodesIt() throws IOException {
    // Spark's strings are bytes (a binary cast to string can carry any): write them raw into a Utf8 vector
    StructType schema = DataTypes.createStructType(createStructField("s", DataTypes.StringType, true));
    byte[][] values = {{'a', (byte) 0xC3, '(', (byte) 0xFF, 'z'}, {(byte) 0xE2, (byte) 0x82}, {'o', 'k'}};
    try (BufferAllocator allocator = new RootAllocator()) {
      ByteArrayOutputStream ipc = new ByteArrayOutputStream();
      try (VarCharVector vector = new VarCharVector("s", allocator);
           VectorSchemaRoot root = VectorSchemaRoot.of(vector);
           ArrowStreamWriter writer = new ArrowStreamWriter(root, null, ipc)) {
        for (int i = 0; i < values.length; i++) {
          vector.setSafe(i, values[i]);
        }
        root.setRowCount(values.length);
        writer.start();
        writer.writeBatch();
        writer.end();
      }
      List<ArrowBatch> batches = decode(allocator, schema, ipc.toByteArray());
      try {
        String expected = expected(BOOT_MAPPER, batches.get(0));
        assertTrue(expected.contains("\uFFFD"), expected);
        assertEquals(expected, text(new NdjsonEncoder(BOOT_MAPPER).encode(batches.get(0),
            DefaultDataBufferFactory.sharedInstance)));
      } finally {
        batches.forEach(ArrowBatch::close);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("mappers")
  void timestampsOfEveryYearAndFraction(ObjectMapper mapper) {
    StructType schema = DataTypes.createStructType(createStructField("ts", DataTypes.TimestampType, true),
        createStructField("ntz", DataTypes.TimestampNTZType, true));
    java.util.Random random = new java.util.Random(12);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long second = Timestamps.MIN_SECOND + (long) (random.nextDouble() * (Timestamps.MAX_SECOND - Timestamps.MIN_SECOND));
      // whole seconds, milliseconds, microseconds (Spark's precision)
      int micros = switch (i % 3) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1000;
        default -> random.nextInt(1_000_000);
      };
      rows.add(new Object[] {Instant.ofEpochSecond(second, micros * 1000L),
          LocalDateTime.ofEpochSecond(second, micros * 1000, java.time.ZoneOffset.UTC)});
    }
    // outside the years 0 to 9999: written by the mapper
    rows.add(new Object[] {Instant.parse("+10000-01-01T00:00:00Z"), LocalDateTime.of(-5, 3, 1, 0, 0, 0, 7_000)});
    rows.add(new Object[] {Instant.ofEpochSecond(Timestamps.MIN_SECOND - 1), LocalDateTime.of(10_000, 1, 1, 0, 0)});
    assertSameBytes(mapper, schema, rows);
  }

  @Test
  void duplicateNamesKeepTheFirstPositionAndTheLastValue() {
    StructType schema = DataTypes.createStructType(createStructField("a", DataTypes.IntegerType, true),
        createStructField("b", DataTypes.StringType, true), createStructField("a", DataTypes.DoubleType, true));
    List<Object[]> rows = List.<Object[]>of(new Object[] {1, "x", 2.5}, new Object[] {null, null, null});
    String written = assertSameBytes(BOOT_MAPPER, schema, rows);
    assertEquals("{\"a\":2.5,\"b\":\"x\"}\n{\"a\":null,\"b\":null}\n", written);
  }

  @Test
  void manyRowsInOneBufferOneLineEach() {
    StructType schema = DataTypes.createStructType(createStructField("origin", DataTypes.StringType, true),
        createStructField("delay", DataTypes.IntegerType, true));
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      rows.add(new Object[] {i % 7 == 0 ? null : "A" + (i % 97) + "\"" .repeat(i % 3), i % 11 == 0 ? null : i - 10_000});
    }
    String written = assertSameBytes(BOOT_MAPPER, schema, rows);
    assertEquals(20_000, written.chars().filter(c -> c == '\n').count());
  }

  /** Encodes the rows, decodes them as the client does, and compares the encoder's bytes with the mapper's. */
  private static String assertSameBytes(ObjectMapper mapper, StructType schema, List<Object[]> rows) {
    try (BufferAllocator allocator = new RootAllocator()) {
      List<ArrowBatch> batches = decode(allocator, schema, ipc(schema, rows, allocator));
      try {
        assertEquals(1, batches.size());
        ArrowBatch batch = batches.get(0);
        assertEquals(rows.size(), batch.rowCount());
        String expected = expected(mapper, batch);
        String actual = text(new NdjsonEncoder(mapper).encode(batch, DefaultDataBufferFactory.sharedInstance));
        assertEquals(expected, actual);
        return actual;
      } finally {
        batches.forEach(ArrowBatch::close);
      }
    }
  }

  /** What the endpoint wrote before: the mapper's bytes of each row's map, then a newline. */
  private static String expected(ObjectMapper mapper, ArrowBatch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Row row : batch.rows()) {
      out.writeBytes(mapper.writeValueAsBytes(ResultStreams.toMap(row)));
      out.write('\n');
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String text(DataBuffer buffer) {
    try {
      return buffer.toString(StandardCharsets.UTF_8);
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  private static byte[] ipc(StructType schema, List<Object[]> rows, BufferAllocator allocator) {
    try (ArrowEncoder encoder = new ArrowEncoder(schema, allocator, new ArrowEncoder.StructReader() {
      @Override
      public int size(Object value) {
        return -1;
      }

      @Override
      public @Nullable Object get(Object value, int index) {
        throw new UnsupportedOperationException();
      }
    })) {
      for (int r = 0; r < rows.size(); r++) {
        encoder.append(rows.get(r), r);
      }
      return IpcStreams.stream(encoder.schemaMessage(), List.of(encoder.takeBatch())).toByteArray();
    }
  }

  private static List<ArrowBatch> decode(BufferAllocator allocator, StructType schema, byte[] ipc) {
    ExecutePlanResponse schemaResponse = ExecutePlanResponse.newBuilder()
        .setSchema(DataTypeProtos.toProto(schema)).build();
    ExecutePlanResponse batchResponse = ExecutePlanResponse.newBuilder().setArrowBatch(
        ExecutePlanResponse.ArrowBatch.newBuilder().setRowCount(IpcStreams.rows(ByteString.copyFrom(ipc)))
            .setData(ByteString.copyFrom(ipc))).build();
    List<ArrowBatch> batches = ConnectInternals.arrowBatches(allocator, Flux.just(schemaResponse, batchResponse))
        .collectList().block();
    return batches == null ? List.of() : batches;
  }

  private static ObjectMapper bootMapper() {
    ObjectMapper[] mapper = new ObjectMapper[1];
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .run(context -> mapper[0] = context.getBean(JsonMapper.class));
    return mapper[0];
  }
}
