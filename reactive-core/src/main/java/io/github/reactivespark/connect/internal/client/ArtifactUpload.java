package io.github.reactivespark.connect.internal.client;

import com.google.protobuf.ByteString;
import io.github.reactivespark.connect.internal.proto.AddArtifactsRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns artifacts into the client-streaming {@code AddArtifacts} request sequence, as Spark's JVM client does
 * ({@code sql/connect/common/.../client/ArtifactManager.scala}): artifacts of at most {@value #CHUNK_SIZE} bytes are
 * packed into {@code Batch} requests of at most {@value #CHUNK_SIZE} bytes in all; a larger artifact goes alone as a
 * {@code BeginChunkedArtifact} followed by {@code ArtifactChunk}s of {@value #CHUNK_SIZE} bytes. Every chunk carries
 * the CRC32 of its bytes.
 *
 * <p>The returned Flux is cold and lazy: each subscription (a retry re-subscribes) opens the sources again and reads
 * one chunk per request as gRPC asks for it, so at most a few chunks are in memory whatever the artifact's size.
 * Sources are closed on completion, error and cancel.
 */
public final class ArtifactUpload {

  /** Bytes per chunk and per batch: 32 KiB, the midpoint gRPC recommends, as Spark's client uses. */
  public static final int CHUNK_SIZE = 32 * 1024;

  /**
   * One artifact to send.
   *
   * @param name the server-side relative name, e.g. {@code jars/app.jar} or {@code classes/com/x/Y.class}
   * @param size its size in bytes
   * @param open opens its bytes; called once per subscription, the stream is closed by this class
   */
  public record Artifact(String name, long size, Callable<InputStream> open) {
    public Artifact {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(open, "open");
      if (size < 0) {
        throw new IllegalArgumentException("negative size " + size + " for artifact " + name);
      }
    }
  }

  private ArtifactUpload() {}

  /**
   * The requests that upload {@code artifacts}, each built from {@code header} (session id, user context, client
   * type) plus its payload.
   */
  public static Flux<AddArtifactsRequest> requests(List<Artifact> artifacts, Supplier<AddArtifactsRequest.Builder> header) {
    List<List<Artifact>> units = new ArrayList<>();
    List<Artifact> batch = new ArrayList<>();
    long batchBytes = 0;
    for (Artifact artifact : artifacts) {
      if (artifact.size() > CHUNK_SIZE) {
        if (!batch.isEmpty()) {
          units.add(batch);
          batch = new ArrayList<>();
          batchBytes = 0;
        }
        units.add(List.of(artifact));
      } else {
        if (batchBytes + artifact.size() > CHUNK_SIZE && !batch.isEmpty()) {
          units.add(batch);
          batch = new ArrayList<>();
          batchBytes = 0;
        }
        batch.add(artifact);
        batchBytes += artifact.size();
      }
    }
    if (!batch.isEmpty()) {
      units.add(batch);
    }
    return Flux.fromIterable(units).concatMap(unit ->
        unit.size() == 1 && unit.get(0).size() > CHUNK_SIZE ? chunked(unit.get(0), header) : batch(unit, header), 1);
  }

  private static Mono<AddArtifactsRequest> batch(List<Artifact> artifacts, Supplier<AddArtifactsRequest.Builder> header) {
    return Mono.fromCallable(() -> {
      AddArtifactsRequest.Batch.Builder b = AddArtifactsRequest.Batch.newBuilder();
      for (Artifact artifact : artifacts) {
        byte[] bytes;
        try (InputStream in = artifact.open().call()) {
          bytes = in.readAllBytes();
        }
        checkSize(artifact, bytes.length);
        b.addArtifacts(AddArtifactsRequest.SingleChunkArtifact.newBuilder()
            .setName(artifact.name())
            .setData(chunk(bytes, bytes.length)));
      }
      return header.get().setBatch(b).build();
    });
  }

  private static Flux<AddArtifactsRequest> chunked(Artifact artifact, Supplier<AddArtifactsRequest.Builder> header) {
    long numChunks = (artifact.size() + CHUNK_SIZE - 1) / CHUNK_SIZE;
    return Flux.using(artifact.open()::call, in -> Flux.<AddArtifactsRequest, long[]>generate(() -> new long[] {0, 0},
        (state, sink) -> {
          byte[] buf = new byte[CHUNK_SIZE];
          int n;
          try {
            n = in.readNBytes(buf, 0, CHUNK_SIZE);
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot read artifact " + artifact.name(), e);
          }
          if (n == 0) {
            checkSize(artifact, state[1]);
            sink.complete();
            return state;
          }
          state[1] += n;
          AddArtifactsRequest.ArtifactChunk data = chunk(buf, n);
          if (state[0]++ == 0) {
            sink.next(header.get().setBeginChunk(AddArtifactsRequest.BeginChunkedArtifact.newBuilder()
                .setName(artifact.name()).setTotalBytes(artifact.size()).setNumChunks(numChunks)
                .setInitialChunk(data)).build());
          } else {
            sink.next(header.get().setChunk(data).build());
          }
          return state;
        }), in -> {
          try {
            in.close();
          } catch (IOException e) {
            // nothing was lost: the bytes were read
          }
        });
  }

  private static AddArtifactsRequest.ArtifactChunk chunk(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return AddArtifactsRequest.ArtifactChunk.newBuilder()
        .setData(ByteString.copyFrom(bytes, 0, length)).setCrc(crc.getValue()).build();
  }

  private static void checkSize(Artifact artifact, long actual) {
    if (actual != artifact.size()) {
      throw new IllegalStateException("Artifact " + artifact.name() + " changed while being uploaded: expected "
          + artifact.size() + " bytes, read " + actual);
    }
  }
}
