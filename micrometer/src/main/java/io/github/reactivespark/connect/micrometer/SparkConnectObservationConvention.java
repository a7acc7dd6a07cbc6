package io.github.reactivespark.connect.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The naming of Spark Connect operation observations; implement it (or extend
 * {@link DefaultSparkConnectObservationConvention}) and hand it to {@link ObservationSparkConnectListener} (or
 * declare it as a bean with the Spring Boot starter) to rename the observation or change its keys.
 *
 * @since 0.1.0
 */
public interface SparkConnectObservationConvention extends ObservationConvention<SparkConnectObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof SparkConnectObservationContext;
  }
}
