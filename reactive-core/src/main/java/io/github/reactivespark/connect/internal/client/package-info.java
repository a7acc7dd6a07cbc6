/**
 * The session core: {@link io.github.reactivespark.connect.internal.client.ConnectClient}, built once from a
 * {@link io.github.reactivespark.connect.internal.client.ClientOptions} snapshot, with what it owns: the request
 * stamp, the reattachable execution and its resume loop, retry, error conversion, artifact upload, and the gRPC
 * seam ({@link io.github.reactivespark.connect.internal.client.SparkConnectTransport}). Names no public type of
 * {@code io.github.reactivespark.connect}. Not API: the other modules reach it through
 * {@code internal.ConnectInternals.client(session)}.
 */
@NullMarked
package io.github.reactivespark.connect.internal.client;

import org.jspecify.annotations.NullMarked;
