package io.github.reactivespark.connect.micrometer;

import io.github.reactivespark.connect.events.ArrowBatchEvent;
import io.github.reactivespark.connect.events.OperationEndedEvent;
import io.github.reactivespark.connect.events.OperationStartedEvent;
import io.github.reactivespark.connect.events.ReattachEvent;
import io.github.reactivespark.connect.events.ResponseEvent;
import io.github.reactivespark.connect.events.RetryEvent;
import io.github.reactivespark.connect.events.SparkConnectListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what Spark Connect sessions receive, as Micrometer meters (all with the tags given here):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>unit</th><th>what</th></tr>
 *   <tr><td>{@value #RESPONSES}</td><td>counter</td><td>responses</td><td>streamed responses of queries</td></tr>
 *   <tr><td>{@value #RESPONSE_BYTES}</td><td>counter</td><td>bytes</td><td>their serialized size</td></tr>
 *   <tr><td>{@value #ARROW_BATCHES}</td><td>counter</td><td>batches</td><td>complete Arrow record batches</td></tr>
 *   <tr><td>{@value #ARROW_BYTES}</td><td>counter</td><td>bytes</td><td>Arrow IPC bytes of those batches</td></tr>
 *   <tr><td>{@value #ROWS}</td><td>counter</td><td>rows</td><td>rows received in those batches</td></tr>
 *   <tr><td>{@value #REATTACHES}</td><td>counter</td><td>reattaches</td><td>{@code ReattachExecute} calls</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>counter, tag {@code spark.connect.rpc}</td><td>retries</td><td>calls sent
 *       again after a retryable error</td></tr>
 *   <tr><td>{@value #OPERATIONS_ACTIVE}</td><td>gauge</td><td>operations</td><td>operations running now</td></tr>
 * </table>
 *
 * <p>The Arrow memory that a session's undelivered or unclosed batches hold is {@link SparkSessionMetrics}' gauge;
 * the time of each operation is the {@link ObservationSparkConnectListener}'s observation (its timer).
 *
 * <p>Register one instance per meter registry (and tags), shared by all sessions: the gauge of a second instance with
 * the same tags would not be registered. Every method only increments meters (no I/O, no lock).
 *
 * @since 0.1.0
 */
public final class MeterSparkConnectListener implements SparkConnectListener {

  /** Counter of streamed responses. */
  public static final String RESPONSES = "spark.connect.responses";
  /** Counter of response bytes. */
  public static final String RESPONSE_BYTES = "spark.connect.response.bytes";
  /** Counter of complete Arrow batches. */
  public static final String ARROW_BATCHES = "spark.connect.arrow.batches";
  /** Counter of Arrow IPC bytes. */
  public static final String ARROW_BYTES = "spark.connect.arrow.bytes";
  /** Counter of rows received. */
  public static final String ROWS = "spark.connect.rows";
  /** Counter of reattaches. */
  public static final String REATTACHES = "spark.connect.reattaches";
  /** Counter of retries, tagged with the RPC. */
  public static final String RETRIES = "spark.connect.retries";
  /** Gauge of operations running. */
  public static final String OPERATIONS_ACTIVE = "spark.connect.operations.active";

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter responses;
  private final Counter responseBytes;
  private final Counter arrowBatches;
  private final Counter arrowBytes;
  private final Counter rows;
  private final Counter reattaches;
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();

  /**
   * Meters without extra tags.
   *
   * @param registry where the meters are registered (at once)
   */
  public MeterSparkConnectListener(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /**
   * Meters with tags of your own (for example the application or the Spark cluster).
   *
   * @param registry where the meters are registered (at once)
   * @param tags added to every meter
   */
  public MeterSparkConnectListener(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tags = Tags.of(tags);
    this.responses = counter(RESPONSES, "responses", "Streamed responses of Spark Connect queries");
    this.responseBytes = counter(RESPONSE_BYTES, "bytes", "Serialized size of the streamed responses");
    this.arrowBatches = counter(ARROW_BATCHES, "batches", "Complete Arrow record batches received");
    this.arrowBytes = counter(ARROW_BYTES, "bytes", "Arrow IPC bytes of the batches received");
    this.rows = counter(ROWS, "rows", "Rows received in Arrow batches");
    this.reattaches = counter(REATTACHES, "reattaches", "ReattachExecute calls that resumed a query's responses");
    Gauge.builder(OPERATIONS_ACTIVE, active, AtomicInteger::get).tags(this.tags).baseUnit("operations")
        .description("Spark Connect operations running").strongReference(true).register(registry);
  }

  private Counter counter(String name, String unit, String description) {
    return Counter.builder(name).tags(tags).baseUnit(unit).description(description).register(registry);
  }

  @Override
  public void onOperationStarted(OperationStartedEvent event) {
    active.incrementAndGet();
  }

  @Override
  public void onOperationEnded(OperationEndedEvent event) {
    active.decrementAndGet();
  }

  @Override
  public void onResponse(ResponseEvent event) {
    responses.increment();
    responseBytes.increment(event.bytes());
  }

  @Override
  public void onArrowBatch(ArrowBatchEvent event) {
    arrowBatches.increment();
    arrowBytes.increment(event.arrowBytes());
    rows.increment(event.rows());
  }

  @Override
  public void onReattach(ReattachEvent event) {
    reattaches.increment();
  }

  @Override
  public void onRetry(RetryEvent event) {
    retries.computeIfAbsent(event.rpc(), rpc -> Counter.builder(RETRIES).tags(tags).tag("spark.connect.rpc", rpc)
        .baseUnit("retries").description("Spark Connect calls sent again after a retryable error")
        .register(registry)).increment();
  }
}
