package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SaveMode;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TPC-H at scale factor 0.01 generated in the test with {@code io.trino.tpch} (60,175 lineitems, 15,000 orders),
 * written by the test as '|'-separated text, read with the reader, written by the writer as partitioned parquet,
 * partitioned orc and gzipped json and into a bucketed table, read back, and compared: row checksums between every
 * copy, and TPC-H Q1 and Q6 against the same queries computed here in Java from the generated rows.
 */
class TpchIT extends IoTestBase {

  private static final double SCALE = 0.01;
  private static final String LINEITEM_DDL = "l_orderkey BIGINT, l_partkey BIGINT, l_suppkey BIGINT, l_linenumber INT,"
      + " l_quantity DECIMAL(15,2), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), l_tax DECIMAL(15,2),"
      + " l_returnflag STRING, l_linestatus STRING, l_shipdate DATE, l_commitdate DATE, l_receiptdate DATE,"
      + " l_shipinstruct STRING, l_shipmode STRING, l_comment STRING";
  private static final String ORDERS_DDL = "o_orderkey BIGINT, o_custkey BIGINT, o_orderstatus STRING,"
      + " o_totalprice DECIMAL(15,2), o_orderdate DATE, o_orderpriority STRING, o_clerk STRING, o_shippriority INT,"
      + " o_comment STRING";
  private static final String LINEITEM_COLUMNS = "l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity,"
      + " l_extendedprice, l_discount, l_tax, l_returnflag, l_linestatus, l_shipdate, l_commitdate, l_receiptdate,"
      + " l_shipinstruct, l_shipmode, l_comment";

  private static Path dir;
  private static Path lineitemTbl;
  private static Path ordersTbl;
  /** The generated lineitems, as the fields of their TPC-H text lines. */
  private static List<String[]> lineitems;
  private static Map<Long, String> orderPriority;

  @BeforeAll
  static void generate() throws IOException {
    dir = Files.createTempDirectory("tpch-it");
    lineitemTbl = dir.resolve("lineitem.tbl");
    ordersTbl = dir.resolve("orders.tbl");
    try (BufferedWriter w = Files.newBufferedWriter(lineitemTbl, StandardCharsets.UTF_8)) {
      for (LineItem li : new LineItemGenerator(SCALE, 1, 1)) {
        w.write(trimBar(li.toLine()));
        w.newLine();
      }
    }
    orderPriority = new HashMap<>();
    try (BufferedWriter w = Files.newBufferedWriter(ordersTbl, StandardCharsets.UTF_8)) {
      for (Order o : new OrderGenerator(SCALE, 1, 1)) {
        w.write(trimBar(o.toLine()));
        w.newLine();
        orderPriority.put(o.getOrderKey(), o.getOrderPriority());
      }
    }
    // parse back what was written: the Java side computes from the very text the server reads
    try (var lines = Files.lines(lineitemTbl)) {
      lineitems = lines.map(l -> l.split("\\|", -1)).collect(Collectors.toList());
    }
  }

  @AfterAll
  static void deleteFiles() throws IOException {
    Files.deleteIfExists(lineitemTbl);
    Files.deleteIfExists(ordersTbl);
    Files.deleteIfExists(dir);
  }

  private static String trimBar(String line) {
    if (!line.endsWith("|")) {
      throw new UncheckedIOException(new IOException("a TPC-H line ends with '|': " + line));
    }
    return line.substring(0, line.length() - 1);
  }

  private DataFrame lineitemCsv() {
    return spark.read().format("csv").option("sep", "|").schema(LINEITEM_DDL).load(lineitemTbl.toString());
  }

  /** Row count, a checksum of every column of every row (order-independent), and the sum of the prices. */
  private static Row checksum(DataFrame lineitem) {
    return lineitem.selectExpr("count(*)", "sum(xxhash64(" + LINEITEM_COLUMNS + ") % 1000000007)",
        "sum(l_extendedprice)").first().block(TIMEOUT);
  }

  @Test
  void lineitemRoundTripsThroughEveryFormatWithEqualChecksums() {
    DataFrame csv = lineitemCsv();
    Row expected = checksum(csv);
    assertEquals(lineitems.size(), expected.getLong(0));
    assertEquals(60_175L, expected.getLong(0));
    BigDecimal javaPrices = lineitems.stream().map(f -> new BigDecimal(f[5])).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(0, javaPrices.compareTo(expected.getDecimal(2)), javaPrices + " vs " + expected);

    String parquet = path("lineitem-parquet");
    csv.write().partitionBy("l_returnflag", "l_linestatus").parquet(parquet).block(TIMEOUT);
    String orc = path("lineitem-orc");
    csv.write().partitionBy("l_shipmode").option("compression", "zlib").orc(orc).block(TIMEOUT);
    String json = path("lineitem-json");
    csv.write().option("compression", "gzip").json(json).block(TIMEOUT);

    assertEquals(expected, checksum(spark.read().parquet(parquet)));
    assertEquals(expected, checksum(spark.read().orc(orc)));
    assertEquals(expected, checksum(spark.read().schema(LINEITEM_DDL).json(json)));
    assertTrue(Files.isDirectory(Path.of(parquet, "l_returnflag=R", "l_linestatus=F")));
    assertTrue(Files.isDirectory(Path.of(orc, "l_shipmode=TRUCK")));

    // overwrite with a subset and read back: the old files are gone
    csv.filter(col("l_shipmode").equalTo("AIR")).write().mode(SaveMode.Overwrite).partitionBy("l_shipmode").orc(orc)
        .block(TIMEOUT);
    long air = lineitems.stream().filter(f -> f[14].equals("AIR")).count();
    assertEquals(air, spark.read().orc(orc).count().block(TIMEOUT));
  }

  @Test
  void q1PricingSummaryOnTheParquetCopyEqualsJava() {
    String parquet = path("q1-parquet");
    lineitemCsv().write().partitionBy("l_returnflag", "l_linestatus").parquet(parquet).block(TIMEOUT);
    spark.read().parquet(parquet).createOrReplaceTempView("io_tpch_lineitem_q1").block(TIMEOUT);
    List<Row> q1 = spark.sql("SELECT l_returnflag, l_linestatus, sum(l_quantity), sum(l_extendedprice),"
        + " sum(l_extendedprice * (1 - l_discount)), sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)),"
        + " count(*) FROM io_tpch_lineitem_q1 WHERE l_shipdate <= date '1998-12-01' - interval '90' day"
        + " GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus").collectAsList().block(TIMEOUT);

    LocalDate cutoff = LocalDate.of(1998, 9, 2);
    Map<String, BigDecimal[]> java = new TreeMap<>();
    for (String[] f : lineitems) {
      if (LocalDate.parse(f[10]).isAfter(cutoff)) {
        continue;
      }
      BigDecimal qty = new BigDecimal(f[4]);
      BigDecimal price = new BigDecimal(f[5]);
      BigDecimal disc = new BigDecimal(f[6]);
      BigDecimal tax = new BigDecimal(f[7]);
      BigDecimal discPrice = price.multiply(BigDecimal.ONE.subtract(disc));
      BigDecimal[] acc = java.computeIfAbsent(f[8] + f[9], k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO,
          BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
      acc[0] = acc[0].add(qty);
      acc[1] = acc[1].add(price);
      acc[2] = acc[2].add(discPrice);
      acc[3] = acc[3].add(discPrice.multiply(BigDecimal.ONE.add(tax)));
      acc[4] = acc[4].add(BigDecimal.ONE);
    }
    assertEquals(List.of("AF", "NF", "NO", "RF"), List.copyOf(java.keySet()));
    assertEquals(java.size(), q1.size());
    int i = 0;
    for (Map.Entry<String, BigDecimal[]> e : java.entrySet()) {
      Row r = q1.get(i++);
      assertEquals(e.getKey(), r.getString(0) + r.getString(1));
      for (int k = 0; k < 4; k++) {
        assertEquals(0, e.getValue()[k].compareTo(r.getDecimal(2 + k)),
            e.getKey() + " column " + (2 + k) + ": java " + e.getValue()[k] + " spark " + r.getDecimal(2 + k));
      }
      assertEquals(e.getValue()[4].longValueExact(), r.getLong(6));
    }
    spark.catalog().dropTempView("io_tpch_lineitem_q1").block(TIMEOUT);
  }

  @Test
  void q6RevenueOnTheOrcCopyEqualsJava() {
    String orc = path("q6-orc");
    lineitemCsv().write().partitionBy("l_shipmode").orc(orc).block(TIMEOUT);
    BigDecimal revenue = spark.read().orc(orc)
        .filter("l_shipdate >= date '1994-01-01' AND l_shipdate < date '1995-01-01'"
            + " AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24")
        .selectExpr("sum(l_extendedprice * l_discount)").first().block(TIMEOUT).getDecimal(0);

    BigDecimal java = BigDecimal.ZERO;
    LocalDate from = LocalDate.of(1994, 1, 1);
    LocalDate to = LocalDate.of(1995, 1, 1);
    BigDecimal lo = new BigDecimal("0.05");
    BigDecimal hi = new BigDecimal("0.07");
    BigDecimal maxQty = new BigDecimal("24");
    int matched = 0;
    for (String[] f : lineitems) {
      LocalDate ship = LocalDate.parse(f[10]);
      BigDecimal disc = new BigDecimal(f[6]);
      if (!ship.isBefore(from) && ship.isBefore(to) && disc.compareTo(lo) >= 0 && disc.compareTo(hi) <= 0
          && new BigDecimal(f[4]).compareTo(maxQty) < 0) {
        java = java.add(new BigDecimal(f[5]).multiply(disc));
        matched++;
      }
    }
    assertTrue(matched > 500, "Q6 selects about 2% of lineitem: " + matched);
    assertEquals(0, java.compareTo(revenue), "java " + java + " spark " + revenue);
  }

  @Test
  void ordersBucketedTableJoinedWithLineitemEqualsJava() {
    String orders = table("tpch_orders");
    spark.read().option("sep", "|").schema(ORDERS_DDL).csv(ordersTbl.toString())
        .write().format("parquet").bucketBy(4, "o_orderkey").sortBy("o_orderkey").saveAsTable(orders).block(TIMEOUT);
    assertEquals(15_000L, spark.table(orders).count().block(TIMEOUT));

    String json = path("lineitem-json");
    lineitemCsv().write().json(json).block(TIMEOUT);
    DataFrame lineitem = spark.read().schema(LINEITEM_DDL).json(json);
    long urgent = lineitem.join(spark.table(orders), col("l_orderkey").equalTo(col("o_orderkey")))
        .filter(col("o_orderpriority").equalTo("1-URGENT")).count().block(TIMEOUT);
    long javaUrgent = lineitems.stream().filter(f -> "1-URGENT".equals(orderPriority.get(Long.parseLong(f[0]))))
        .count();
    assertTrue(javaUrgent > 5000, "about a fifth of the lineitems: " + javaUrgent);
    assertEquals(javaUrgent, urgent);
  }
}
