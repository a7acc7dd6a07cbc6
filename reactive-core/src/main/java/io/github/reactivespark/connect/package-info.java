/**
 * The public API of the reactive Spark Connect client: {@link io.github.reactivespark.connect.SparkSession},
 * {@link io.github.reactivespark.connect.DataFrame}, {@link io.github.reactivespark.connect.Column},
 * {@link io.github.reactivespark.connect.functions}, {@link io.github.reactivespark.connect.Row},
 * {@link io.github.reactivespark.connect.ArrowBatch} and their companions.
 *
 * <p>Building plans is synchronous and does no I/O; everything that talks to the server returns a cold
 * {@link reactor.core.publisher.Mono} or {@link reactor.core.publisher.Flux}.
 */
@NullMarked
package io.github.reactivespark.connect;

import org.jspecify.annotations.NullMarked;
