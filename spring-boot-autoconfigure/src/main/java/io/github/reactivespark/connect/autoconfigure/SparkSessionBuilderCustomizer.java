package io.github.reactivespark.connect.autoconfigure;

import io.github.reactivespark.connect.SparkSession;

/**
 * Changes the {@link SparkSession.Builder} of the auto-configured session, after the {@code reactive-spark.connect.*}
 * properties and the listener beans were applied and before the session is created. Declare it as a bean; several
 * run in their {@code @Order}/{@code Ordered} order. As Spring Boot's {@code ConnectionFactoryOptionsBuilderCustomizer}
 * does for R2DBC.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SparkSessionBuilderCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the builder of the session about to be created
   */
  void customize(SparkSession.Builder builder);
}
