package io.github.reactivespark.connect.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.internal.proto.AddArtifactsRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ArtifactUploadTest {

  private static final int CHUNK = ArtifactUpload.CHUNK_SIZE;

  private static ArtifactUpload.Artifact artifact(String name, byte[] bytes, AtomicInteger closed) {
    return new ArtifactUpload.Artifact(name, bytes.length, () -> new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public void close() throws IOException {
        closed.incrementAndGet();
        super.close();
      }
    });
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static long crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return c.getValue();
  }

  @Test
  void smallArtifactsAreBatchedUpToOneChunkAndLargeOnesAreChunked() throws IOException {
    AtomicInteger closed = new AtomicInteger();
    byte[] a = random(20_000, 1);
    byte[] b = random(13_000, 2); // a + b > 32 KiB: b opens a second batch
    byte[] big = random(3 * CHUNK + 5, 3);
    byte[] c = random(CHUNK, 4); // exactly one chunk: still batched
    List<AddArtifactsRequest> requests = ArtifactUpload.requests(
        List.of(artifact("classes/A.class", a, closed), artifact("classes/B.class", b, closed),
            artifact("jars/big.jar", big, closed), artifact("classes/C.class", c, closed)),
        AddArtifactsRequest::newBuilder).collectList().block();

    assertEquals(1 + 1 + 4 + 1, requests.size());
    assertEquals("classes/A.class", requests.get(0).getBatch().getArtifacts(0).getName());
    assertEquals(crc(a), requests.get(0).getBatch().getArtifacts(0).getData().getCrc());
    assertEquals("classes/B.class", requests.get(1).getBatch().getArtifacts(0).getName());

    AddArtifactsRequest.BeginChunkedArtifact begin = requests.get(2).getBeginChunk();
    assertEquals("jars/big.jar", begin.getName());
    assertEquals(big.length, begin.getTotalBytes());
    assertEquals(4, begin.getNumChunks());
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    begin.getInitialChunk().getData().writeTo(joined);
    assertEquals(crc(begin.getInitialChunk().getData().toByteArray()), begin.getInitialChunk().getCrc());
    for (int i = 3; i <= 5; i++) {
      AddArtifactsRequest.ArtifactChunk chunk = requests.get(i).getChunk();
      assertEquals(crc(chunk.getData().toByteArray()), chunk.getCrc(), "per-chunk CRC");
      chunk.getData().writeTo(joined);
    }
    assertTrue(java.util.Arrays.equals(big, joined.toByteArray()), "chunks reassemble the artifact");
    assertEquals("classes/C.class", requests.get(6).getBatch().getArtifacts(0).getName());
    assertEquals(4, closed.get(), "every source closed");
  }

  @Test
  void coldAndLazyEverySubscriptionRereadsAndCancelClosesTheSource() {
    AtomicInteger closed = new AtomicInteger();
    var flux = ArtifactUpload.requests(List.of(artifact("jars/big.jar", random(10 * CHUNK, 5), closed)),
        AddArtifactsRequest::newBuilder);
    assertEquals(0, closed.get(), "nothing opened before subscription");
    StepVerifier.create(flux, 2).expectNextCount(2).thenCancel().verify();
    assertEquals(1, closed.get(), "cancel closes the open file");
    assertEquals(10, flux.count().block().intValue(), "a new subscription sends everything again");
  }

  @Test
  void aSourceThatChangesSizeIsAnErrorNamingTheArtifact() {
    var changed = new ArtifactUpload.Artifact("jars/x.jar", 2 * CHUNK + 1,
        () -> new ByteArrayInputStream(random(2 * CHUNK, 6)));
    StepVerifier.create(ArtifactUpload.requests(List.of(changed), AddArtifactsRequest::newBuilder))
        .expectNextCount(2)
        .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("jars/x.jar"), e.getMessage()))
        .verify();
  }
}
