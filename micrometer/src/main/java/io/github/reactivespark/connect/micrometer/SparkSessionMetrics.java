package io.github.reactivespark.connect.micrometer;

import io.github.reactivespark.connect.SparkSession;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Gauges the Arrow memory one session holds: {@value #ARROW_MEMORY} (bytes), {@link SparkSession#arrowAllocatedBytes()}
 * — what the session's batches that were decoded but not closed yet (by their owner or by a discard hook) hold. A
 * steady rise means a consumer keeps batches it should close. The gauge holds the session weakly.
 *
 * <p>A {@link MeterBinder}: Spring Boot binds every such bean to its registry. Bind one per session, with tags that
 * tell sessions apart when there are several (a second binding of the same name and tags is ignored by Micrometer).
 *
 * @since 0.1.0
 */
public final class SparkSessionMetrics implements MeterBinder {

  /** Gauge of the Arrow memory a session holds, in bytes. */
  public static final String ARROW_MEMORY = "spark.connect.arrow.memory";

  private final SparkSession session;
  private final Tags tags;

  /**
   * The metrics of {@code session}.
   *
   * @param session the session
   * @param tags added to the gauge
   */
  public SparkSessionMetrics(SparkSession session, Iterable<Tag> tags) {
    this.session = Objects.requireNonNull(session, "session");
    this.tags = Tags.of(tags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(ARROW_MEMORY, session, SparkSession::arrowAllocatedBytes).tags(tags).baseUnit("bytes")
        .description("Arrow memory held by the session's batches that are not closed yet").register(registry);
  }
}
