/**
 * Reading raw gRPC errors: the status, its {@code google.rpc} details and a one-line description. The bottom of the
 * client: it depends on nothing of ours, so the public {@code RetryPolicy} and exceptions and the internal session
 * core can all use it without a package cycle. Not API.
 */
@NullMarked
package io.github.reactivespark.connect.internal.grpc;

import org.jspecify.annotations.NullMarked;
