package io.github.reactivespark.connect.micrometer;

import io.github.reactivespark.connect.events.OperationEndedEvent;
import io.github.reactivespark.connect.events.OperationStartedEvent;
import io.github.reactivespark.connect.events.SparkConnectListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Makes one Micrometer {@link Observation} per Spark Connect operation ({@value
 * DefaultSparkConnectObservationConvention#NAME}, see {@link SparkConnectObservationDocumentation#EXECUTE}): started
 * when the subscription starts the operation, stopped when it ends, with the error of a failed one. Its parent is
 * the observation the subscriber's Reactor context carries under {@value #OBSERVATION_CONTEXT_KEY} (Micrometer's
 * {@code ObservationThreadLocalAccessor.KEY}, where Spring WebFlux and Reactor's {@code tap(Micrometer.observation())}
 * put the current one), so a query's span nests under the HTTP request that ran it.
 *
 * <p>With a meter handler on the registry (Spring Boot registers one), each observation also times the operation: a
 * timer {@value DefaultSparkConnectObservationConvention#NAME} tagged with RPC, outcome and Spark's error class, and
 * a long task timer {@code spark.connect.execute.active} of those running.
 *
 * <p>Register it with {@code SparkSession.builder().listener(...)}; one instance may serve many sessions. Its methods
 * only start and stop observations (the registry's handlers run on the calling client thread: they must not block,
 * as for any listener). With a no-op registry it does nothing.
 *
 * @since 0.1.0
 */
public final class ObservationSparkConnectListener implements SparkConnectListener {

  /** The Reactor context key of the current observation (Micrometer's {@code ObservationThreadLocalAccessor.KEY}). */
  public static final String OBSERVATION_CONTEXT_KEY = "micrometer.observation";

  private static final SparkConnectObservationConvention DEFAULT = new DefaultSparkConnectObservationConvention();

  private final ObservationRegistry registry;
  private final @Nullable SparkConnectObservationConvention convention;
  private final Map<OperationStartedEvent, Running> running = new ConcurrentHashMap<>();

  private record Running(Observation observation, SparkConnectObservationContext context) {}

  /**
   * Observations with the default convention.
   *
   * @param registry where observations go
   */
  public ObservationSparkConnectListener(ObservationRegistry registry) {
    this(registry, null);
  }

  /**
   * Observations with a convention of your own.
   *
   * @param registry where observations go
   * @param convention the naming, or {@code null} for {@link DefaultSparkConnectObservationConvention} (a
   *     registry-wide {@code GlobalObservationConvention} still takes precedence over the default)
   */
  public ObservationSparkConnectListener(ObservationRegistry registry,
      @Nullable SparkConnectObservationConvention convention) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.convention = convention;
  }

  @Override
  public void onOperationStarted(OperationStartedEvent event) {
    if (registry.isNoop()) {
      return;
    }
    SparkConnectObservationContext context = new SparkConnectObservationContext(event);
    Observation observation = SparkConnectObservationDocumentation.EXECUTE.observation(convention, DEFAULT,
        () -> context, registry);
    Object parent = event.context().getOrDefault(OBSERVATION_CONTEXT_KEY, null);
    if (parent instanceof Observation p) {
      observation.parentObservation(p);
    }
    running.put(event, new Running(observation.start(), context));
  }

  @Override
  public void onOperationEnded(OperationEndedEvent event) {
    Running r = running.remove(event.start());
    if (r == null) {
      return;
    }
    r.context().setEnd(event);
    Throwable error = event.error();
    if (error != null) {
      r.observation().error(error);
    }
    r.observation().stop();
  }

  /**
   * How many operations have a started, not yet stopped observation (for tests and diagnostics).
   *
   * @return the count
   */
  public int running() {
    return running.size();
  }
}
