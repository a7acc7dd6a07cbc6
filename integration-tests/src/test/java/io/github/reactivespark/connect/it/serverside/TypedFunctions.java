package io.github.reactivespark.connect.it.serverside;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.api.java.function.ReduceFunction;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * UDFs and typed functions that the server-functions suites ship. They live in a class that references only Spark's
 * API and the JDK: the server deserializes a lambda through the class that created it (see {@link BatchFunctions}).
 */
public final class TypedFunctions {

  private TypedFunctions() {}

  public static UDF1<Long, Long> plus(long n) {
    return x -> x == null ? null : x + n;
  }

  public static UDF2<String, Integer, String> repeat() {
    return (s, n) -> s.repeat(n);
  }

  /** Throws on 3, naming the value. */
  public static UDF1<Long, Long> failOnThree() {
    return x -> {
      if (x == 3L) {
        throw new IllegalArgumentException("the lambda refuses " + x);
      }
      return x;
    };
  }

  /** As {@link #failOnThree()}, as a typed map function. */
  public static MapFunction<Long, Long> failingMap() {
    return x -> failOnThree().call(x);
  }

  /** Declared bigint by its definition, returns text. */
  public static UDF1<Long, Object> notANumber() {
    return x -> "text " + x;
  }

  public static FilterFunction<Airport> inState(String state) {
    return a -> state.equals(a.getState());
  }

  public static MapFunction<Airport, String> iata() {
    return Airport::getIata;
  }

  public static MapFunction<Airport, String> state() {
    return a -> a.getState() == null ? "?" : a.getState();
  }

  /** The words of the airport's name, upper-cased. */
  public static FlatMapFunction<Airport, String> nameWords() {
    return a -> {
      List<String> words = new ArrayList<>();
      for (String w : (a.getName() == null ? "" : a.getName()).split("\\s+")) {
        if (!w.isEmpty()) {
          words.add(w.toUpperCase(Locale.ROOT));
        }
      }
      return words.iterator();
    };
  }

  /** One element per partition: how many elements it had. */
  public static MapPartitionsFunction<Airport, Long> countPartition() {
    return it -> {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      return List.of(n).iterator();
    };
  }

  /** "state:count" per group. */
  public static MapGroupsFunction<String, Airport, String> countGroup() {
    return (state, airports) -> {
      long n = 0;
      while (airports.hasNext()) {
        airports.next();
        n++;
      }
      return state + ":" + n;
    };
  }

  /**
   * "key:count" per group, the count kept in the group's state (in a batch query the state starts empty, so the
   * result is the group's size).
   */
  public static FlatMapGroupsWithStateFunction<String, Airport, Long, String> countWithState() {
    return (key, airports, state) -> {
      long n = state.exists() ? state.get() : 0L;
      for (; airports.hasNext(); airports.next()) {
        n++;
      }
      state.update(n);
      return List.of(key + ":" + n).iterator();
    };
  }

  /** The airport with the northernmost latitude. */
  public static ReduceFunction<Airport> northernmost() {
    return (a, b) -> a.getLatitude() >= b.getLatitude() ? a : b;
  }

  /** For each key: "key:left:right" with both sides' counts. */
  public static CoGroupFunction<String, Airport, String, String> countBoth() {
    return (key, left, right) -> {
      long l = 0;
      long r = 0;
      for (; left.hasNext(); left.next()) {
        l++;
      }
      for (; right.hasNext(); right.next()) {
        r++;
      }
      return List.of(key + ":" + l + ":" + r).iterator();
    };
  }

  public static MapFunction<String, String> identity() {
    return s -> s;
  }

  /** Writes "count" of each partition to {@code <dir>/<random>.txt}. */
  public static ForeachPartitionFunction<Airport> writePartitionCount(String dir) {
    return it -> {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      write(dir, java.util.UUID.randomUUID() + ".txt", Long.toString(n));
    };
  }

  /** Writes each element to {@code <dir>/<value>.txt}. */
  public static ForeachFunction<Long> writeEach(String dir) {
    return x -> write(dir, x + ".txt", Long.toString(x));
  }

  private static void write(String dir, String name, String text) {
    try {
      Files.createDirectories(Paths.get(dir));
      Files.writeString(Paths.get(dir, name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sum of longs as an Aggregator. */
  public static final class LongSum extends Aggregator<Long, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long zero() {
      return 0L;
    }

    @Override
    public Long reduce(Long b, Long a) {
      return a == null ? b : b + a;
    }

    @Override
    public Long merge(Long b1, Long b2) {
      return b1 + b2;
    }

    @Override
    public Long finish(Long reduction) {
      return reduction;
    }

    @Override
    public Encoder<Long> bufferEncoder() {
      return Encoders.LONG();
    }

    @Override
    public Encoder<Long> outputEncoder() {
      return Encoders.LONG();
    }
  }

  /** The mean latitude of airports, as an Aggregator over the bean (buffer: sum and count). */
  public static final class MeanLatitude extends Aggregator<Airport, scala.Tuple2<Double, Long>, Double> {
    private static final long serialVersionUID = 1L;

    @Override
    public scala.Tuple2<Double, Long> zero() {
      return new scala.Tuple2<>(0.0, 0L);
    }

    @Override
    public scala.Tuple2<Double, Long> reduce(scala.Tuple2<Double, Long> b, Airport a) {
      return new scala.Tuple2<>(b._1() + a.getLatitude(), b._2() + 1);
    }

    @Override
    public scala.Tuple2<Double, Long> merge(scala.Tuple2<Double, Long> b1, scala.Tuple2<Double, Long> b2) {
      return new scala.Tuple2<>(b1._1() + b2._1(), b1._2() + b2._2());
    }

    @Override
    public Double finish(scala.Tuple2<Double, Long> b) {
      return b._2() == 0 ? null : b._1() / b._2();
    }

    @Override
    public Encoder<scala.Tuple2<Double, Long>> bufferEncoder() {
      return Encoders.tuple(Encoders.DOUBLE(), Encoders.LONG());
    }

    @Override
    public Encoder<Double> outputEncoder() {
      return Encoders.DOUBLE();
    }
  }
}
