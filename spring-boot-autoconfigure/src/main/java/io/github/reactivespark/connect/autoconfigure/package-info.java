/**
 * Spring Boot auto-configuration of Reactive Spark Connect: a {@link io.github.reactivespark.connect.SparkSession}
 * bean built from the {@code reactive-spark.connect.*} properties ({@link
 * io.github.reactivespark.connect.autoconfigure.SparkConnectProperties}), the application's {@link
 * io.github.reactivespark.connect.autoconfigure.SparkSessionBuilderCustomizer} beans and its {@code
 * SparkConnectListener} beans, and released in the shutdown phase ({@link
 * io.github.reactivespark.connect.autoconfigure.SparkSessionLifecycle}).
 */
@NullMarked
package io.github.reactivespark.connect.autoconfigure;

import org.jspecify.annotations.NullMarked;
