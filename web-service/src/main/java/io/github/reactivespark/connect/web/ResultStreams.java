package io.github.reactivespark.connect.web;

import io.github.reactivespark.connect.ArrowBatch;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Execution;
import io.github.reactivespark.connect.ExecutionProgress;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.internal.local.ArrowSchemas;
import io.github.reactivespark.connect.types.StructField;
import io.github.reactivespark.connect.types.VariantVal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A DataFrame's result as the three streamed formats of the query endpoints. Each is cold (subscribing runs the
 * query once, one {@code ExecutePlan}), follows its subscriber's demand batch by batch (the HTTP connection's
 * writability, so a slow client slows the query's reading, never buffers it whole), and cancelling it (the client
 * disconnects) cancels the result stream, which releases the Spark operation ({@code ReleaseExecute}).
 */
final class ResultStreams {

  /** {@code application/vnd.apache.arrow.stream}: the Arrow IPC streaming format. */
  static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";
  /** As a MediaType. */
  static final MediaType ARROW_STREAM_TYPE = MediaType.parseMediaType(ARROW_STREAM);

  /** The end-of-stream marker of the IPC streaming format: continuation token and a zero length. */
  private static final byte[] END_OF_STREAM = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0};

  private ResultStreams() {}

  /**
   * NDJSON, one buffer per Arrow batch: each row of the batch a JSON object (as {@link #toMap} would write it) on a
   * line of its own, written straight from the batch's vectors ({@link NdjsonEncoder}). Written (and flushed) batch
   * by batch rather than row by row, which would cost a flush per row.
   *
   * @param df the query
   * @param encoder the encoder (over the application's JSON mapper, the same that writes every other JSON body)
   * @param buffers the response's buffer factory
   * @return the body's bytes, one buffer per batch
   */
  static Flux<DataBuffer> ndjson(DataFrame df, NdjsonEncoder encoder, DataBufferFactory buffers) {
    return df.mapBatches(batch -> encoder.encode(batch, buffers));
  }

  /**
   * Server-Sent Events: {@code progress} events while the query runs ({@link #progress}; only reports that name a
   * stage), a {@code row} event per
   * row, then one {@code summary} event ({@code rows}, {@code elapsedMs}). A query error before the first event
   * is emitted as the error (so the handler answers with a problem detail); one after it as an {@code error}
   * event carrying the problem detail, closing the stream.
   *
   * @param df the query
   * @param problems how an error becomes a problem detail
   * @return the events
   */
  static Flux<ServerSentEvent<Object>> events(DataFrame df, ProblemDetails problems) {
    return Flux.defer(() -> {
      long start = System.nanoTime();
      AtomicLong rows = new AtomicLong();
      AtomicBoolean emitted = new AtomicBoolean();
      Execution run = df.execute();
      // reports without a stage (the server sends them while it still analyses the plan) carry nothing for a
      // progress bar, and would commit the response before an analysis error could become a 400
      Flux<ServerSentEvent<Object>> progress = run.progress().filter(p -> !p.stages().isEmpty())
          .map(p -> event("progress", progress(p)));
      Flux<ServerSentEvent<Object>> results = run.rows().map(r -> {
        rows.incrementAndGet();
        return event("row", toMap(r));
      });
      Mono<ServerSentEvent<Object>> summary = Mono.fromSupplier(() -> event("summary",
          Map.of("rows", rows.get(), "elapsedMs", (System.nanoTime() - start) / 1_000_000)));
      return Flux.merge(progress, results).concatWith(summary)
          .doOnNext(e -> emitted.set(true))
          .onErrorResume(e -> emitted.get()
              ? Mono.just(event("error", problems.problemOf(e).getBody()))
              : Mono.error(e));
    });
  }

  /**
   * The Arrow IPC streaming format: the schema message, one record batch message per result batch (as the server
   * sent it, up to {@code spark.sql.execution.arrow.maxRecordsPerBatch} rows), then the end-of-stream marker. A
   * result with no batch is written from the DataFrame's analysed schema. Each batch is encoded and closed before
   * the next one is asked for.
   *
   * @param df the query
   * @param buffers the response's buffer factory
   * @return the stream's bytes, one buffer per message
   */
  static Flux<DataBuffer> arrow(DataFrame df, DataBufferFactory buffers) {
    return Flux.defer(() -> {
      AtomicBoolean schemaWritten = new AtomicBoolean();
      Flux<byte[]> batches = df.mapBatches(batch -> encode(batch, !schemaWritten.getAndSet(true)));
      Flux<byte[]> emptySchema = Flux.defer(() -> schemaWritten.get()
          ? Flux.empty()
          : df.schema().map(s -> schemaMessage(ArrowSchemas.toArrow(s))).flux());
      return batches.concatWith(emptySchema).concatWith(Mono.just(END_OF_STREAM)).map(buffers::wrap);
    });
  }

  /**
   * A progress report as the page's bar reads it.
   *
   * @param p the report
   * @return operationId, completedTasks, totalTasks, inflightTasks, inputBytesRead, done, stages
   */
  static Map<String, Object> progress(ExecutionProgress p) {
    List<Map<String, Object>> stages = new ArrayList<>();
    for (ExecutionProgress.StageProgress s : p.stages()) {
      stages.add(Map.of("stageId", s.stageId(), "numTasks", s.numTasks(),
          "numCompletedTasks", s.numCompletedTasks(), "done", s.done()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("operationId", p.operationId());
    body.put("completedTasks", p.completedTasks());
    body.put("totalTasks", p.totalTasks());
    body.put("inflightTasks", p.numInflightTasks());
    body.put("inputBytesRead", p.inputBytesRead());
    body.put("done", p.allStagesDone());
    body.put("stages", stages);
    return body;
  }

  /**
   * A row as a JSON-ready map: nested structs become maps, variants their JSON text; other values as the row has
   * them (Jackson writes java.time values as ISO-8601 strings).
   *
   * @param row the row
   * @return column name to value, in column order
   */
  static Map<String, @Nullable Object> toMap(Row row) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    List<StructField> fields = row.schema().fields();
    for (int i = 0; i < fields.size(); i++) {
      map.put(fields.get(i).name(), jsonValue(row.get(i)));
    }
    return map;
  }

  /**
   * A value of a row as {@link #toMap} puts it in its map.
   *
   * @param value a row's value
   * @return nested rows as maps, variants as JSON text, lists element by element; others as they are
   */
  static @Nullable Object jsonValue(@Nullable Object value) {
    if (value instanceof Row nested) {
      return toMap(nested);
    }
    if (value instanceof VariantVal variant) {
      return variant.toJson();
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(jsonValue(v)));
      return out;
    }
    return value;
  }

  private static ServerSentEvent<Object> event(String name, Object data) {
    return ServerSentEvent.builder(data).event(name).build();
  }

  private static byte[] encode(ArrowBatch batch, boolean withSchema) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.toIntExact(Math.min(batch.sizeInBytes() + 1024,
        Integer.MAX_VALUE - 8)));
    WriteChannel out = new WriteChannel(Channels.newChannel(bytes));
    try {
      if (withSchema) {
        MessageSerializer.serialize(out, batch.root().getSchema());
      }
      try (ArrowRecordBatch record = new VectorUnloader(batch.root()).getRecordBatch()) {
        MessageSerializer.serialize(out, record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] schemaMessage(Schema schema) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
