package io.github.reactivespark.connect.streaming;

import io.github.reactivespark.connect.SparkSession;
import reactor.core.publisher.Mono;

/**
 * A user function that Spark runs on the server for a streaming sink ({@link DataStreamWriter#foreachBatch},
 * {@link DataStreamWriter#foreach}), already serialized in the payload Spark's server expects. Such functions are
 * written against Spark's own API, so implementations come from the opt-in {@code streaming-foreach} module
 * ({@code ForeachBatchFunction}, {@code ForeachWriterFunction}); this module never depends on Spark.
 */
public interface ServerSideFunction {

  /** The bytes for {@code ScalarScalaUDF.payload}: a Java-serialized {@code ForeachWriterPacket}. */
  byte[] payload();

  /**
   * Uploads to {@code session} the classes the server needs to deserialize {@link #payload()}. Called by
   * {@link DataStreamWriter} before it starts the query.
   *
   * @return cold; completes empty when the classes are stored in the session
   */
  Mono<Void> uploadClasses(SparkSession session);
}
