/** The user functions of {@code UdfBenchmark}: shipped to the server, so they reference only Spark's API. */
@NullMarked
package io.github.reactivespark.connect.bench.udf;

import org.jspecify.annotations.NullMarked;
