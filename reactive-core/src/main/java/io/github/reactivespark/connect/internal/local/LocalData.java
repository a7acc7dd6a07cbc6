package io.github.reactivespark.connect.internal.local;

import com.google.protobuf.ByteString;
import io.github.reactivespark.connect.types.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rows of local data to Arrow IPC streams with an {@link ArrowEncoder}: all at once for an in-memory collection
 * ({@link #encode}), or chunk by chunk as a publisher delivers them ({@link #chunks}).
 */
public final class LocalData {

  /**
   * Rows per record batch of {@link #encode}: the granularity at which an inline relation can later be cut into
   * the chunks the server asks for ({@link IpcStreams#chunks}).
   */
  public static final int BATCH_ROWS = 1_000;

  /** Bytes per record batch of {@link #encode}, at most (approximately). */
  public static final long BATCH_BYTES = 4L << 20;

  /** Rows requested from a publisher at a time by {@link #chunks}. */
  static final int PREFETCH_ROWS = 256;

  private LocalData() {}

  /**
   * Encodes every row into one Arrow IPC stream of record batches of at most {@link #BATCH_ROWS} rows.
   *
   * @param rows the rows, each a struct value ({@code Object[]} or what {@code structs} reads) after
   *     {@code toRow}; read once, in order
   * @param schema their schema
   * @param allocator the session's allocator (a child of it is used and closed before this returns)
   * @param structs reads struct values
   * @param toRow turns an element of {@code rows} into a row (identity for rows, a bean's getters for beans);
   *     the index is the element's position
   * @return the stream, or null when {@code rows} is empty
   * @throws IllegalArgumentException naming the row index and field of the first value that does not fit
   */
  public static @Nullable ByteString encode(Iterable<?> rows, StructType schema, BufferAllocator allocator,
      ArrowEncoder.StructReader structs, RowMapper toRow) {
    try (BufferAllocator child = allocator.newChildAllocator("createDataFrame", 0, Long.MAX_VALUE);
         ArrowEncoder encoder = new ArrowEncoder(schema, child, structs)) {
      List<ByteString> batches = new ArrayList<>();
      long index = 0;
      for (Object element : rows) {
        encoder.appendRow(toRow.toRow(element, index), index);
        index++;
        if (encoder.rows() >= BATCH_ROWS || encoder.bytes() >= BATCH_BYTES) {
          batches.add(encoder.takeBatch());
        }
      }
      if (encoder.rows() > 0) {
        batches.add(encoder.takeBatch());
      }
      return batches.isEmpty() ? null : IpcStreams.stream(encoder.schemaMessage(), batches);
    }
  }

  /**
   * Arrow data given by the user as a {@code LocalRelation}'s data.
   *
   * @param schema the Spark schema the server reads from the Arrow schema
   * @param stream the Arrow IPC stream, or null when there are no rows
   */
  public record Arrow(StructType schema, @Nullable ByteString stream) {}

  /**
   * The rows of a {@link VectorSchemaRoot} as one Arrow IPC stream (one record batch, copied: the root stays the
   * caller's).
   *
   * @param root the data
   * @return its Spark schema and IPC stream
   * @throws IllegalArgumentException naming the field if an Arrow type has no Spark SQL type or is
   *     dictionary-encoded
   */
  public static Arrow fromRoot(VectorSchemaRoot root) {
    StructType schema = sparkSchema(root.getSchema());
    if (root.getRowCount() == 0) {
      return new Arrow(schema, null);
    }
    ArrowEncoder.ByteSink out = new ArrowEncoder.ByteSink(1024);
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Arrow(schema, out.toByteString());
  }

  /**
   * Checks an Arrow IPC stream by reading it whole and returns it with its Spark schema.
   *
   * @param stream the bytes of an Arrow IPC stream (not the file format)
   * @param allocator the session's allocator (a child of it is used to read, and closed)
   * @return its Spark schema and the stream (null when it holds no rows)
   * @throws IllegalArgumentException if the bytes are not a readable Arrow IPC stream, use dictionaries, or hold
   *     an Arrow type with no Spark SQL type
   */
  public static Arrow fromStream(ByteString stream, BufferAllocator allocator) {
    if (stream.size() >= 6 && stream.substring(0, 6).toStringUtf8().equals("ARROW1")) {
      throw new IllegalArgumentException("These bytes are an Arrow IPC file, not a stream: write them with"
          + " ArrowStreamWriter (or read the file with ArrowFileReader and pass its VectorSchemaRoot)");
    }
    IpcStreams.segments(stream); // framing first: a clear message for bytes that are no Arrow at all
    long rows = 0;
    StructType schema;
    try (BufferAllocator child = allocator.newChildAllocator("createDataFrame-arrow", 0, Long.MAX_VALUE);
         ArrowStreamReader reader = new ArrowStreamReader(stream.newInput(), child)) {
      schema = sparkSchema(reader.getVectorSchemaRoot().getSchema());
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
      if (!reader.getDictionaryVectors().isEmpty()) {
        throw new IllegalArgumentException("Dictionary-encoded Arrow data cannot be sent to Spark: decode it first");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("Not a readable Arrow IPC stream: " + e.getMessage(), e);
    }
    return new Arrow(schema, rows == 0 ? null : stream);
  }

  private static StructType sparkSchema(Schema schema) {
    for (Field f : schema.getFields()) {
      noDictionary(f, f.getName());
    }
    return ArrowSchemas.fromArrow(schema);
  }

  private static void noDictionary(Field f, String path) {
    if (f.getDictionary() != null) {
      throw new IllegalArgumentException("field '" + path + "' is dictionary-encoded; Spark reads no dictionaries:"
          + " decode it first");
    }
    for (Field c : f.getChildren()) {
      noDictionary(c, path + "." + c.getName());
    }
  }

  /** Turns one input element into a row for the encoder. */
  @FunctionalInterface
  public interface RowMapper {
    /**
     * The row of one element.
     *
     * @param element the element
     * @param index its 0-based position in the input
     * @return an {@code Object[]} of field values, or a struct value the encoder's reader reads
     * @throws IllegalArgumentException naming {@code index} if the element cannot be a row
     */
    @Nullable Object toRow(@Nullable Object element, long index);

    /** The identity: elements are rows already. */
    RowMapper ROWS = (element, index) -> element;
  }

  /**
   * Encodes rows as a publisher emits them into chunk streams: each a complete Arrow IPC stream (schema, one
   * record batch, end) of at most {@code chunkRows} rows and about {@code chunkBytes} bytes. Cold: each
   * subscription subscribes to {@code rows} once and asks it for {@value #PREFETCH_ROWS} rows at a time as the
   * chunks are consumed, and encodes them as one group (one signal per group, not per row), so the rows held are
   * at most two groups beyond those in the chunk being built. Emits the
   * {@link IllegalArgumentException} of the first row that does not fit (naming its index and field) and cancels
   * {@code rows}; the Arrow memory is released on completion, error and cancel.
   *
   * @param rows the source
   * @param schema the rows' schema
   * @param allocator the session's allocator (each subscription works in a child of it)
   * @param structs reads struct values
   * @param toRow turns an element into a row
   * @param chunkRows rows per chunk at most
   * @param chunkBytes bytes per chunk, approximately
   * @return the chunk streams, in order
   */
  public static Flux<ByteString> chunks(Publisher<?> rows, StructType schema, BufferAllocator allocator,
      ArrowEncoder.StructReader structs, RowMapper toRow, long chunkRows, long chunkBytes) {
    return Flux.using(() -> new Encoding(schema, allocator, structs),
        e -> Flux.from(rows).buffer(PREFETCH_ROWS)
            .concatMapIterable(group -> e.addAll(toRow, group, chunkRows, chunkBytes), 1)
            .concatWith(Mono.fromSupplier(e::rest)),
        Encoding::close);
  }

  /** One subscription's encoder; appends and close are serialized, so a cancel never frees memory in use. */
  private static final class Encoding {
    private final BufferAllocator child;
    private final ArrowEncoder encoder;
    private final ByteString schemaMessage;
    private long index;
    private boolean closed;

    Encoding(StructType schema, BufferAllocator allocator, ArrowEncoder.StructReader structs) {
      this.child = allocator.newChildAllocator("createDataFrame-stream", 0, Long.MAX_VALUE);
      try {
        this.encoder = new ArrowEncoder(schema, child, structs);
      } catch (RuntimeException e) {
        child.close();
        throw e;
      }
      this.schemaMessage = encoder.schemaMessage();
    }

    /** Appends a group of elements; returns the chunks they completed (usually none, or one). */
    synchronized List<ByteString> addAll(RowMapper toRow, List<?> elements, long chunkRows, long chunkBytes) {
      if (closed) {
        return List.of();
      }
      List<ByteString> done = List.of();
      for (Object element : elements) {
        long i = index++;
        encoder.appendRow(toRow.toRow(element, i), i);
        if (encoder.rows() >= chunkRows || encoder.bytes() >= chunkBytes) {
          if (done.isEmpty()) {
            done = new ArrayList<>(1);
          }
          done.add(IpcStreams.stream(schemaMessage, List.of(encoder.takeBatch())));
        }
      }
      return done;
    }

    synchronized @Nullable ByteString rest() {
      if (closed || encoder.rows() == 0) {
        return null;
      }
      return IpcStreams.stream(schemaMessage, List.of(encoder.takeBatch()));
    }

    synchronized void close() {
      if (!closed) {
        closed = true;
        encoder.close();
        child.close();
      }
    }
  }
}
