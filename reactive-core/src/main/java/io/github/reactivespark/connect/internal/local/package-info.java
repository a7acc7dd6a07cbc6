/**
 * Local data on its way into Spark: Java values (rows, records, beans, Arrow) checked against a Spark schema and
 * encoded into Arrow IPC streams ({@link io.github.reactivespark.connect.internal.local.ArrowEncoder}), the
 * Spark-to-Arrow type mapping of Spark's {@code ArrowUtils}
 * ({@link io.github.reactivespark.connect.internal.local.ArrowSchemas}), the splitting and joining of IPC streams
 * into the chunks of a {@code ChunkedCachedLocalRelation}
 * ({@link io.github.reactivespark.connect.internal.local.IpcStreams}), and the schema inference of Java records and
 * beans ({@code JavaBeans}). It sends nothing: the upload is the session
 * core's ({@code internal.client.LocalRelations}). Not API.
 */
@NullMarked
package io.github.reactivespark.connect.internal.local;

import org.jspecify.annotations.NullMarked;
