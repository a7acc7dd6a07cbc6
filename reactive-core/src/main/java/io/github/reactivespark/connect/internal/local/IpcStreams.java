package io.github.reactivespark.connect.internal.local;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;

/**
 * Arrow IPC streams as byte strings, cut and joined at message boundaries without decoding or copying any data:
 * the one stream of an inline {@code LocalRelation} becomes the chunk streams of a
 * {@code ChunkedCachedLocalRelation} (each chunk a complete stream: the schema message, whole record batches, the
 * end-of-stream marker), and chunk streams become one stream again. The format is Arrow's
 * (format/Columnar.rst, "IPC Streaming Format"): each message is {@code 0xFFFFFFFF}, a little-endian int32
 * metadata length, the flatbuffer {@code Message} (padded), then {@code bodyLength} bytes of body; a zero length
 * ends the stream. Streams without the continuation marker (before Arrow 0.15) are read too.
 */
public final class IpcStreams {

  /** The end-of-stream marker: continuation, then a zero length. */
  public static final ByteString END_OF_STREAM =
      ByteString.copyFrom(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0});

  private IpcStreams() {}

  /**
   * One message of a stream.
   *
   * @param offset where it starts in the stream
   * @param length its length in bytes, prefix, metadata and body
   * @param headerType the flatbuffer {@code MessageHeader} ({@link MessageHeader#Schema},
   *     {@link MessageHeader#RecordBatch}, {@link MessageHeader#DictionaryBatch})
   * @param rows the row count of a record batch, 0 for other messages
   */
  public record Segment(int offset, int length, byte headerType, long rows) {}

  /**
   * The messages of a stream, up to its end-of-stream marker (or its end).
   *
   * @param stream an Arrow IPC stream
   * @return its messages, in order
   * @throws IllegalArgumentException if it is not a well-formed Arrow IPC stream
   */
  public static List<Segment> segments(ByteString stream) {
    List<Segment> out = new ArrayList<>();
    int at = 0;
    int size = stream.size();
    while (at + 4 <= size) {
      int first = intAt(stream, at);
      int metaStart;
      int metaLength;
      if (first == -1) {
        if (at + 8 > size) {
          throw malformed("truncated message prefix at byte " + at);
        }
        metaLength = intAt(stream, at + 4);
        metaStart = at + 8;
      } else {
        metaLength = first;
        metaStart = at + 4;
      }
      if (metaLength == 0) {
        break;
      }
      if (metaLength < 0 || (long) metaStart + metaLength > size) {
        throw malformed("bad metadata length " + metaLength + " at byte " + at);
      }
      ByteBuffer meta = stream.substring(metaStart, metaStart + metaLength).asReadOnlyByteBuffer();
      Message m;
      try {
        m = Message.getRootAsMessage(meta);
      } catch (RuntimeException e) {
        throw malformed("unreadable message metadata at byte " + at);
      }
      long end = (long) metaStart + metaLength + m.bodyLength();
      if (m.bodyLength() < 0 || end > size) {
        throw malformed("message at byte " + at + " has a body of " + m.bodyLength() + " bytes, past the end");
      }
      long rows = 0;
      if (m.headerType() == MessageHeader.RecordBatch) {
        RecordBatch rb = (RecordBatch) m.header(new RecordBatch());
        rows = rb == null ? 0 : rb.length();
      }
      out.add(new Segment(at, (int) (end - at), m.headerType(), rows));
      at = (int) end;
    }
    if (out.isEmpty() || out.get(0).headerType() != MessageHeader.Schema) {
      throw malformed("it does not start with a schema message");
    }
    return out;
  }

  private static IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException("Not an Arrow IPC stream: " + why);
  }

  private static int intAt(ByteString s, int at) {
    return (s.byteAt(at) & 0xFF) | (s.byteAt(at + 1) & 0xFF) << 8 | (s.byteAt(at + 2) & 0xFF) << 16
        | (s.byteAt(at + 3) & 0xFF) << 24;
  }

  /**
   * One stream of a schema message and record batch messages.
   *
   * @param schemaMessage the encapsulated schema message
   * @param batches encapsulated record batch messages
   * @return schema, batches, end-of-stream
   */
  public static ByteString stream(ByteString schemaMessage, List<ByteString> batches) {
    ByteString out = schemaMessage;
    for (ByteString b : batches) {
      out = out.concat(b);
    }
    return out.concat(END_OF_STREAM);
  }

  /**
   * Cuts a stream into chunk streams of whole record batches: a chunk takes batches while it stays within
   * {@code maxRows} rows and {@code maxBytes} bytes (a batch larger than that is a chunk of its own), as
   * {@code spark.sql.session.localRelationChunkSizeRows} / {@code ...ChunkSizeBytes} ask.
   *
   * @param stream an Arrow IPC stream without dictionaries
   * @param maxRows rows per chunk
   * @param maxBytes bytes per chunk
   * @return the chunk streams, at least one (the schema alone for a stream without batches)
   */
  public static List<ByteString> chunks(ByteString stream, long maxRows, long maxBytes) {
    List<Segment> segments = segments(stream);
    Segment schema = segments.get(0);
    ByteString schemaMessage = stream.substring(schema.offset(), schema.offset() + schema.length());
    List<ByteString> chunks = new ArrayList<>();
    List<ByteString> current = new ArrayList<>();
    long rows = 0;
    long bytes = schema.length() + END_OF_STREAM.size();
    for (Segment s : segments.subList(1, segments.size())) {
      if (!current.isEmpty() && (rows + s.rows() > maxRows || bytes + s.length() > maxBytes)) {
        chunks.add(stream(schemaMessage, current));
        current = new ArrayList<>();
        rows = 0;
        bytes = schema.length() + END_OF_STREAM.size();
      }
      current.add(stream.substring(s.offset(), s.offset() + s.length()));
      rows += s.rows();
      bytes += s.length();
    }
    if (!current.isEmpty() || chunks.isEmpty()) {
      chunks.add(stream(schemaMessage, current));
    }
    return chunks;
  }

  /**
   * Joins streams of the same schema into one: the first stream's schema message, every record batch, one end.
   *
   * @param streams streams with identical schema messages, at least one
   * @return the joined stream
   */
  public static ByteString join(List<ByteString> streams) {
    ByteString first = streams.get(0);
    List<Segment> head = segments(first);
    ByteString schemaMessage = first.substring(head.get(0).offset(), head.get(0).offset() + head.get(0).length());
    List<ByteString> batches = new ArrayList<>();
    for (ByteString s : streams) {
      for (Segment seg : segments(s)) {
        if (seg.headerType() == MessageHeader.RecordBatch) {
          batches.add(s.substring(seg.offset(), seg.offset() + seg.length()));
        }
      }
    }
    return stream(schemaMessage, batches);
  }

  /**
   * The total row count of a stream's record batches.
   *
   * @param stream an Arrow IPC stream
   * @return the number of rows
   */
  public static long rows(ByteString stream) {
    long rows = 0;
    for (Segment s : segments(stream)) {
      rows += s.rows();
    }
    return rows;
  }
}
