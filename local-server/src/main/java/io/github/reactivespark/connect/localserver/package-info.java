/**
 * Starts a real Apache Spark Connect server in a separate JVM, for tests, samples and
 * {@code SparkSession.builder().remote("local")}.
 *
 * <p>Entry point: {@link io.github.reactivespark.connect.localserver.LocalSparkConnectServer}. The module also
 * implements {@link io.github.reactivespark.connect.spi.LocalServerProvider}, found by {@code reactive-core}
 * through {@link java.util.ServiceLoader}. Spark's jars are used by the server JVM only: the client JVM never
 * loads an {@code org.apache.spark} class.
 */
@NullMarked
package io.github.reactivespark.connect.localserver;

import org.jspecify.annotations.NullMarked;
