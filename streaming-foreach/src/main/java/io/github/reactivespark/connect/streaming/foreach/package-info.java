/**
 * Opt-in: streaming {@code foreachBatch} functions and {@code foreach} writers that Spark runs on the server, written
 * against Spark's own API and shipped with their classes as session artifacts. The only module of this project that
 * depends on Spark's (API) jars; reactive-core does not.
 */
package io.github.reactivespark.connect.streaming.foreach;
