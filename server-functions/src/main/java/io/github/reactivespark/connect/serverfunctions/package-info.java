/**
 * User code that Spark runs on the server, from Java (opt-in module, with Spark's API jars): UDF lambdas
 * ({@code UDF0}…{@code UDF22}), {@code Aggregator}s, typed {@link io.github.reactivespark.connect.serverfunctions.Dataset}
 * operations with Spark's {@code Encoder}s, {@code groupByKey} with {@code mapGroupsWithState}, shipped in the payloads
 * Spark's server deserializes ({@code UdfPacket}) with their classes uploaded as content-addressed session artifacts.
 * Entry point: {@link io.github.reactivespark.connect.serverfunctions.ServerFunctions#of}.
 */
@NullMarked
package io.github.reactivespark.connect.serverfunctions;

import org.jspecify.annotations.NullMarked;
