/**
 * A Spark DSv2 data source that reads JSON pages from an HTTP endpoint: user code that runs on the <b>server</b>
 * (planned in the driver, read in the executors), written against Spark's connector API and shipped to a session as a
 * jar artifact. The JVM counterpart of a PySpark Python data source ("a data source that reads a public REST API").
 * The client never loads these classes: {@code RestDataSourceSample} ships them and reads with
 * {@code spark.read().format(RestJsonSource.class.getName())}.
 */
@NullMarked
package io.github.reactivespark.connect.samples.rest;

import org.jspecify.annotations.NullMarked;
