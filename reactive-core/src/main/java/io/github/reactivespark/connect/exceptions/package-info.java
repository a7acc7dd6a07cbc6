/**
 * Typed exceptions for errors reported by a Spark Connect server, and for transport failures.
 *
 * <p>{@link io.github.reactivespark.connect.exceptions.SparkConnectException} is the root. Its subclasses keep
 * the names Spark gives them ({@code AnalysisException}, {@code ParseException}, {@code SparkArithmeticException},
 * ...), so code written against Spark's error types reads the same here. Which subclass an error becomes is
 * decided from the server's exception class hierarchy, most specific known class first, as Spark's
 * {@code GrpcExceptionConverter} does.
 *
 * <p>Every publisher of this library emits these exceptions (never raw {@code StatusRuntimeException}s), except
 * for argument checks, which throw synchronously.
 */
@NullMarked
package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.NullMarked;
