package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.client.RandomIds;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Named metrics observed while a query runs: pass it to {@link DataFrame#observe(Observation, Column, Column...)},
 * run any action on the returned DataFrame, and {@link #get()} emits the aggregated metric values once that action
 * has finished on the server. Spark computes the metrics ({@code CollectMetrics} relation) during the query itself
 * and sends them in {@code ExecutePlanResponse.observed_metrics}; no extra job runs.
 *
 * <p>Mirrors Spark's {@code org.apache.spark.sql.Observation} and PySpark's {@code pyspark.sql.Observation}: an
 * observation can be attached to one DataFrame only, and it keeps the metrics of the first action that reports
 * them.
 *
 * @since 0.2.0
 */
public final class Observation {

  private final String name;
  private final Sinks.One<Map<String, @Nullable Object>> metrics = Sinks.one();
  private final AtomicBoolean attached = new AtomicBoolean();

  /** An observation with a random unique name. */
  public Observation() {
    this(RandomIds.uuid().toString());
  }

  /**
   * An observation with the given name (the {@code CollectMetrics} name Spark shows in plans and listener events).
   *
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public Observation(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("Observation name must not be empty");
    }
    this.name = name;
  }

  /** The name of this observation. */
  public String name() {
    return name;
  }

  /**
   * The observed metrics, metric name (the alias of each metric column) to value, in the order the metrics were
   * given; values are Java types as {@link Row} decodes them (for example {@code Long} for {@code count},
   * {@code Double} for {@code avg}).
   *
   * <p>This {@code Mono} does not trigger anything: it completes when an action on the observed DataFrame has
   * received the metrics from the server, and every subscriber (also later ones) gets the same map. It never
   * completes if no action runs or the action fails, so bound it with {@code timeout}. Cancelling only stops
   * waiting.
   */
  public Mono<Map<String, @Nullable Object>> get() {
    return metrics.asMono();
  }

  void attach() {
    if (!attached.compareAndSet(false, true)) {
      throw new IllegalArgumentException("Observation '" + name + "' is already attached to a DataFrame;"
          + " an Observation can be used with one DataFrame only");
    }
  }

  void complete(ExecutePlanResponse.ObservedMetrics m) {
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    for (int i = 0; i < m.getValuesCount(); i++) {
      String key = i < m.getKeysCount() ? m.getKeys(i) : Integer.toString(i);
      values.put(key, LiteralValues.toJava(m.getValues(i)));
    }
    metrics.tryEmitValue(Collections.unmodifiableMap(values));
  }

  @Override
  public String toString() {
    return "Observation[" + name + "]";
  }
}
