package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.StatApproxQuantile;
import io.github.reactivespark.connect.internal.proto.StatCorr;
import io.github.reactivespark.connect.internal.proto.StatCov;
import io.github.reactivespark.connect.internal.proto.StatCrosstab;
import io.github.reactivespark.connect.internal.proto.StatFreqItems;
import io.github.reactivespark.connect.internal.proto.StatSampleBy;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;

/**
 * Statistic functions of a {@link DataFrame} ({@code df.stat()}), sent as the {@code Stat*} relations of
 * Spark Connect. Methods returning {@code DataFrame} are lazy transformations; methods returning {@code Mono} are
 * cold actions: each subscription sends one {@code ExecutePlan} and emits the single value the server computes.
 * Unknown or non-numeric columns fail with an {@code AnalysisException}.
 *
 * <p>Mirrors PySpark's {@code DataFrameStatFunctions} and Scala's {@code DataFrameStatFunctions} (without the
 * sketch-returning {@code countMinSketch}/{@code bloomFilter}).
 *
 * @since 0.2.0
 */
public final class DataFrameStatFunctions {

  private final DataFrame df;

  DataFrameStatFunctions(DataFrame df) {
    this.df = df;
  }

  /**
   * Approximate quantiles of a numeric column by the Greenwald-Khanna algorithm ({@code StatApproxQuantile}).
   * Cold; one {@code ExecutePlan} per subscription; emits one value per probability, in order (nulls are
   * ignored; empty array when the column has only nulls).
   *
   * @param probabilities each in [0, 1] (0 is the minimum, 0.5 the median, 1 the maximum)
   * @param relativeError >= 0; 0 computes exact quantiles (can be expensive)
   * @throws IllegalArgumentException if a probability is outside [0, 1] or {@code relativeError} is negative
   */
  public Mono<double[]> approxQuantile(String col, double[] probabilities, double relativeError) {
    return approxQuantile(new String[] {col}, probabilities, relativeError).map(a -> a[0]);
  }

  /** As {@link #approxQuantile(String, double[], double)} for several columns: one array per column. */
  public Mono<double[][]> approxQuantile(String[] cols, double[] probabilities, double relativeError) {
    for (double p : probabilities) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("probabilities must be in [0, 1], got " + p);
      }
    }
    if (!(relativeError >= 0)) {
      throw new IllegalArgumentException("relativeError must be >= 0, was " + relativeError);
    }
    StatApproxQuantile.Builder q = StatApproxQuantile.newBuilder().setInput(df.relation)
        .addAllCols(Arrays.asList(cols)).setRelativeError(relativeError);
    Arrays.stream(probabilities).forEach(q::addProbabilities);
    return df.derive(b -> b.setApproxQuantile(q)).rows().single().map(r -> {
      List<List<Double>> perCol = r.getList(0);
      double[][] out = new double[perCol.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = perCol.get(i).stream().mapToDouble(Double::doubleValue).toArray();
      }
      return out;
    });
  }

  /**
   * Pearson correlation of two numeric columns ({@code StatCorr}). Cold; one {@code ExecutePlan} per
   * subscription; emits {@code NaN} when undefined (for example a constant column).
   */
  public Mono<Double> corr(String col1, String col2) {
    return corr(col1, col2, "pearson");
  }

  /**
   * Correlation by {@code method} (Spark supports only {@code "pearson"}) ({@code StatCorr}).
   *
   * @throws IllegalArgumentException for another method
   */
  public Mono<Double> corr(String col1, String col2, String method) {
    if (!method.toLowerCase(Locale.ROOT).equals("pearson")) {
      throw new IllegalArgumentException("Only the pearson correlation is supported, not '" + method + "'");
    }
    return single(df.derive(b -> b.setCorr(StatCorr.newBuilder().setInput(df.relation).setCol1(col1).setCol2(col2)
        .setMethod(method))));
  }

  /** Sample covariance of two numeric columns ({@code StatCov}). Cold; one {@code ExecutePlan} per subscription. */
  public Mono<Double> cov(String col1, String col2) {
    return single(df.derive(b -> b.setCov(StatCov.newBuilder().setInput(df.relation).setCol1(col1).setCol2(col2))));
  }

  private static Mono<Double> single(DataFrame d) {
    return d.rows().single().map(r -> r.getDouble(0));
  }

  /**
   * Contingency table ({@code StatCrosstab}): one row per distinct value of {@code col1}, a first string column
   * named {@code col1_col2} holding it, then one {@code bigint} count column per distinct value of {@code col2}.
   */
  public DataFrame crosstab(String col1, String col2) {
    return df.derive(b -> b.setCrosstab(StatCrosstab.newBuilder().setInput(df.relation).setCol1(col1).setCol2(col2)));
  }

  /** Frequent items with support 1% ({@code StatFreqItems}); see {@link #freqItems(List, double)}. */
  public DataFrame freqItems(String... cols) {
    return freqItems(Arrays.asList(cols), 0.01);
  }

  /**
   * Items that occur in at least a {@code support} fraction of rows, possibly with false positives
   * ({@code StatFreqItems}): one row, one array column {@code <col>_freqItems} per column.
   *
   * @throws IllegalArgumentException if {@code support} is not in (1e-4, 1]
   */
  public DataFrame freqItems(List<String> cols, double support) {
    if (!(support > 1e-4 && support <= 1)) {
      throw new IllegalArgumentException("support must be in (1e-4, 1], was " + support);
    }
    return df.derive(b -> b.setFreqItems(StatFreqItems.newBuilder().setInput(df.relation).addAllCols(cols)
        .setSupport(support)));
  }

  /** {@link #sampleBy(Column, Map, long)} with a column name and a random seed. */
  public <T> DataFrame sampleBy(String col, Map<T, Double> fractions) {
    return sampleBy(functions.col(col), fractions, ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
  }

  /** {@link #sampleBy(Column, Map, long)} with a column name. */
  public <T> DataFrame sampleBy(String col, Map<T, Double> fractions, long seed) {
    return sampleBy(functions.col(col), fractions, seed);
  }

  /**
   * Stratified sample without replacement ({@code StatSampleBy}): each stratum (a value of {@code col}) is sampled
   * with its fraction; strata not in the map get fraction 0.
   *
   * @param fractions stratum value (a literal: number, string, …) to a fraction in [0, 1]
   * @throws IllegalArgumentException if a fraction is outside [0, 1]
   */
  public <T> DataFrame sampleBy(Column col, Map<T, Double> fractions, long seed) {
    StatSampleBy.Builder s = StatSampleBy.newBuilder().setInput(df.relation).setCol(col.expr).setSeed(seed);
    fractions.forEach((k, f) -> {
      if (!(f >= 0 && f <= 1)) {
        throw new IllegalArgumentException("fraction for stratum " + k + " must be in [0, 1], was " + f);
      }
      s.addFractions(StatSampleBy.Fraction.newBuilder().setStratum(Literals.toLiteral(k)).setFraction(f));
    });
    return df.derive(b -> b.setSampleBy(s));
  }
}
