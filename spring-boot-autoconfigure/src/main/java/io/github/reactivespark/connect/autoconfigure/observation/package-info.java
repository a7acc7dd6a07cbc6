/**
 * Micrometer for the auto-configured session: the {@code reactive-spark-connect-micrometer} listeners as beans when
 * the application has an {@code ObservationRegistry} or a {@code MeterRegistry}.
 */
@NullMarked
package io.github.reactivespark.connect.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
