package io.github.reactivespark.connect.internal.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.github.reactivespark.connect.internal.local.IpcStreams;
import io.github.reactivespark.connect.internal.proto.CachedLocalRelation;
import io.github.reactivespark.connect.internal.proto.ChunkedCachedLocalRelation;
import io.github.reactivespark.connect.internal.proto.ConfigRequest;
import io.github.reactivespark.connect.internal.proto.KeyValue;
import io.github.reactivespark.connect.internal.proto.LocalRelation;
import io.github.reactivespark.connect.internal.proto.Relation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Local data of a session on its way to the server, as PySpark Connect 4.1 sends it
 * ({@code pyspark/sql/connect/session.py}: {@code createDataFrame}, {@code _cache_local_relation}): an inline
 * {@code LocalRelation} (Arrow IPC stream and schema in the plan) below the server's
 * {@code spark.sql.session.localRelationCacheThreshold}, otherwise artifacts {@code cache/<sha256>} in the session
 * referenced by hash, with {@code ArtifactStatus} asked first so that what the server has is not sent again:
 * <ul>
 *   <li>{@code CachedLocalRelation{hash}} when the data is one chunk: one artifact holding the serialized
 *       {@code LocalRelation} (data and schema), as the Scala client caches it;
 *   <li>{@code ChunkedCachedLocalRelation{dataHashes, schemaHash}} (4.1) otherwise: each chunk its own Arrow IPC
 *       stream of at most {@code localRelationChunkSizeRows} rows and {@code localRelationChunkSizeBytes} bytes
 *       (whole batches), the schema string an artifact of its own.
 * </ul>
 * The confs are read from the server ({@link #limits()}), never assumed; data over
 * {@code spark.sql.session.localRelationSizeLimit} is refused before anything is sent.
 *
 * <p>Two ways in. {@link #resolve} runs right before a plan is sent ({@code ConnectClient.execute}/{@code analyze}):
 * every inline {@code LocalRelation} of the plan at or above the threshold is uploaded (once: chunk hashes are
 * cached per data, uploads in flight are shared, and the artifacts the server has are skipped) and replaced by its
 * cached form under the same plan id; that is how {@code createDataFrame(List)} stays synchronous and lazy.
 * {@link #upload} takes a stream of chunks of unknown length ({@code createDataFrame(Publisher)}): chunks are held
 * until the threshold is crossed (inline below it), then sent in groups of at most {@link #groupBytes} bytes, one
 * {@code ArtifactStatus} and one {@code AddArtifacts} per group, the next group assembled while the last is sent
 * (at most {@link #GROUPS_IN_FLIGHT} uploads at once); so the bytes held stay within two groups and the chunk being
 * built, and the source is asked for rows only while fewer than two groups are in flight.
 */
public final class LocalRelations {

  /** The confs read, with their defaults for a server that has none of them (Spark 4.1.2's defaults). */
  static final Map<String, String> CONFS = Map.of(
      "spark.sql.session.localRelationCacheThreshold", "1048576",
      "spark.sql.session.localRelationChunkSizeRows", "10000",
      "spark.sql.session.localRelationChunkSizeBytes", "16777216",
      "spark.sql.session.localRelationBatchOfChunksSizeBytes", "1073741824",
      "spark.sql.session.localRelationSizeLimit", "3221225472");

  /** Prefix of cached local data artifacts. */
  public static final String CACHE_PREFIX = "cache/";

  /**
   * The server's settings for local relations.
   *
   * @param cacheThreshold bytes of Arrow data from which it is cached rather than inline
   * @param chunkRows rows per chunk at most
   * @param chunkBytes bytes per chunk at most
   * @param batchOfChunksBytes bytes of chunks uploaded together at most
   * @param sizeLimit bytes of one local relation at most
   */
  public record Limits(long cacheThreshold, long chunkRows, long chunkBytes, long batchOfChunksBytes,
      long sizeLimit) {}

  private final ConnectClient client;
  /** Chunk hashes per inline data, by content (weak keys: dropped with the data). */
  private final Map<ByteString, Prepared> prepared = Collections.synchronizedMap(new WeakHashMap<>());
  /** Uploads in flight, by artifact name, shared by concurrent actions. */
  private final Map<String, Mono<Void>> inFlight = new ConcurrentHashMap<>();

  LocalRelations(ConnectClient client) {
    this.client = client;
  }

  // ---------------------------------------------------------------- confs

  /**
   * The server's local relation confs. Cold; one {@code Config(get_with_default)} RPC per subscription.
   *
   * @return the limits
   */
  public Mono<Limits> limits() {
    ConfigRequest.GetWithDefault.Builder get = ConfigRequest.GetWithDefault.newBuilder();
    List<String> keys = List.copyOf(CONFS.keySet());
    keys.forEach(k -> get.addPairs(KeyValue.newBuilder().setKey(k).setValue(CONFS.get(k))));
    return client.config(ConfigRequest.Operation.newBuilder().setGetWithDefault(get)).map(r -> {
      Map<String, String> values = new LinkedHashMap<>();
      for (KeyValue kv : r.getPairsList()) {
        values.put(kv.getKey(), kv.hasValue() ? kv.getValue() : CONFS.get(kv.getKey()));
      }
      return new Limits(bytes(values, "spark.sql.session.localRelationCacheThreshold"),
          Math.max(1, bytes(values, "spark.sql.session.localRelationChunkSizeRows")),
          Math.max(1, bytes(values, "spark.sql.session.localRelationChunkSizeBytes")),
          Math.max(1, bytes(values, "spark.sql.session.localRelationBatchOfChunksSizeBytes")),
          bytes(values, "spark.sql.session.localRelationSizeLimit"));
    });
  }

  private static long bytes(Map<String, String> values, String key) {
    return parseBytes(values.getOrDefault(key, CONFS.get(key)), key);
  }

  private static final Pattern BYTES = Pattern.compile("([0-9]+)\\s*([a-z]*)");

  /**
   * A Spark byte string ({@code 1048576}, {@code 3221225472b}, {@code 16m}, {@code 1g}; Spark's
   * {@code JavaUtils.byteStringAs}, binary units) in bytes.
   *
   * @param value the conf value
   * @param key the conf key, for the error message
   * @return bytes
   * @throws IllegalArgumentException if it is not a byte string
   */
  static long parseBytes(String value, String key) {
    Matcher m = BYTES.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("conf " + key + " is not a byte size: '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    int shift = switch (m.group(2)) {
      case "", "b" -> 0;
      case "k", "kb" -> 10;
      case "m", "mb" -> 20;
      case "g", "gb" -> 30;
      case "t", "tb" -> 40;
      case "p", "pb" -> 50;
      default -> throw new IllegalArgumentException("conf " + key + " has an unknown unit: '" + value + "'");
    };
    return n << shift;
  }

  /**
   * The bytes of chunks held and sent together in one {@code AddArtifacts} of {@link #upload}: the server's
   * {@code localRelationBatchOfChunksSizeBytes}, at most a quarter of the session's in-flight budget.
   *
   * @param limits the server's confs
   * @return bytes per group
   */
  long groupBytes(Limits limits) {
    return Math.max(1, Math.min(limits.batchOfChunksBytes(), client.options().maxBytesInFlight() / 4));
  }

  // ---------------------------------------------------------------- resolution of inline data before sending

  /**
   * {@code message} with every inline {@code LocalRelation} at or above the threshold uploaded and replaced by its
   * cached form, or {@code message} itself when it holds no inline data (then no RPC is made).
   */
  @SuppressWarnings("unchecked")
  <M extends Message> Mono<M> resolve(M message) {
    Map<Long, Relation> found = new LinkedHashMap<>();
    PlanTrees.collect(message, LocalRelations::isInlineData, found);
    if (found.isEmpty()) {
      return Mono.just(message);
    }
    return limits().flatMap(limits -> Flux.fromIterable(found.values())
        .filter(r -> r.getLocalRelation().getData().size() >= limits.cacheThreshold())
        .concatMap(r -> cache(r, limits).map(c -> Map.entry(r.getCommon().getPlanId(), c)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .map(byId -> byId.isEmpty() ? message : (M) PlanTrees.replace(message, LocalRelations::isInlineData, byId)));
  }

  private static boolean isInlineData(Relation r) {
    return r.getRelTypeCase() == Relation.RelTypeCase.LOCAL_RELATION && r.getLocalRelation().hasData();
  }

  /** What was computed of one inline data for given chunk sizes: its artifacts' names, in relation order. */
  private record Prepared(long chunkRows, long chunkBytes, String schema, boolean single, List<String> dataHashes,
      @Nullable String schemaHash) {}

  /** One artifact of cached local data: its hash and bytes. */
  private record Blob(String hash, ByteString bytes) {
    String name() {
      return CACHE_PREFIX + hash;
    }
  }

  /** The cached form of one inline relation, after its artifacts are on the server. */
  private Mono<Relation> cache(Relation inline, Limits limits) {
    LocalRelation local = inline.getLocalRelation();
    ByteString data = local.getData();
    if (data.size() > limits.sizeLimit()) {
      return Mono.error(tooLarge(data.size(), limits));
    }
    String schema = local.getSchema();
    return Mono.fromCallable(() -> blobs(data, schema, limits))
        .subscribeOn(Schedulers.parallel()) // hashing megabytes is CPU work
        .flatMap(blobs -> sendMissing(blobs.all()).thenReturn(cachedRelation(inline, blobs.prepared())));
  }

  private static IllegalArgumentException tooLarge(long size, Limits limits) {
    return new IllegalArgumentException("Local data of " + size + " bytes exceeds the server's"
        + " spark.sql.session.localRelationSizeLimit of " + limits.sizeLimit() + " bytes"
        + " (Spark's LOCAL_RELATION_SIZE_LIMIT_EXCEEDED)");
  }

  private record Blobs(Prepared prepared, List<Blob> all) {}

  /** The artifacts of inline data (hashes from the cache when the same data and chunk sizes were seen before). */
  private Blobs blobs(ByteString data, String schema, Limits limits) {
    List<ByteString> chunks = IpcStreams.chunks(data, limits.chunkRows(), Math.min(limits.chunkBytes(),
        limits.batchOfChunksBytes()));
    Prepared known = prepared.get(data);
    boolean hit = known != null && known.chunkRows() == limits.chunkRows()
        && known.chunkBytes() == limits.chunkBytes() && known.schema().equals(schema);
    List<Blob> all = new ArrayList<>();
    Prepared p;
    if (chunks.size() == 1) {
      ByteString whole = LocalRelation.newBuilder().setData(chunks.get(0)).setSchema(schema).build().toByteString();
      String hash = hit ? known.dataHashes().get(0) : sha256(whole);
      all.add(new Blob(hash, whole));
      p = new Prepared(limits.chunkRows(), limits.chunkBytes(), schema, true, List.of(hash), null);
    } else {
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < chunks.size(); i++) {
        String hash = hit ? known.dataHashes().get(i) : sha256(chunks.get(i));
        hashes.add(hash);
        all.add(new Blob(hash, chunks.get(i)));
      }
      ByteString schemaBytes = ByteString.copyFrom(schema, StandardCharsets.UTF_8);
      String schemaHash = sha256(schemaBytes);
      all.add(new Blob(schemaHash, schemaBytes));
      p = new Prepared(limits.chunkRows(), limits.chunkBytes(), schema, false, List.copyOf(hashes), schemaHash);
    }
    if (!hit) {
      prepared.put(data, p);
    }
    return new Blobs(p, all);
  }

  private static Relation cachedRelation(Relation inline, Prepared p) {
    Relation.Builder b = Relation.newBuilder().setCommon(inline.getCommon());
    if (p.single()) {
      b.setCachedLocalRelation(CachedLocalRelation.newBuilder().setHash(p.dataHashes().get(0)));
    } else {
      b.setChunkedCachedLocalRelation(ChunkedCachedLocalRelation.newBuilder().addAllDataHashes(p.dataHashes())
          .setSchemaHash(Objects.requireNonNull(p.schemaHash())));
    }
    return b.build();
  }

  /**
   * Sends those of {@code blobs} the server does not have: one {@code ArtifactStatus}, then one
   * {@code AddArtifacts} with the missing ones (shared with any upload of the same names in flight).
   */
  private Mono<Void> sendMissing(List<Blob> blobs) {
    if (blobs.isEmpty()) {
      return Mono.empty();
    }
    List<String> names = blobs.stream().map(Blob::name).distinct().toList();
    return client.artifactStatus(names).flatMap(exists -> {
      List<Blob> missing = new ArrayList<>();
      List<Mono<Void>> joined = new ArrayList<>();
      Map<String, Blob> seen = new LinkedHashMap<>();
      for (Blob b : blobs) {
        if (Boolean.TRUE.equals(exists.get(b.name())) || seen.putIfAbsent(b.name(), b) != null) {
          continue;
        }
        Mono<Void> running = inFlight.get(b.name());
        if (running != null) {
          joined.add(running);
        } else {
          missing.add(b);
        }
      }
      Mono<Void> own = missing.isEmpty() ? Mono.empty() : share(missing);
      return Mono.when(own, Mono.when(joined));
    });
  }

  /** One {@code AddArtifacts} of {@code blobs}, registered as in flight under their names until it ends. */
  private Mono<Void> share(List<Blob> blobs) {
    List<ArtifactUpload.Artifact> artifacts = blobs.stream()
        .map(b -> new ArtifactUpload.Artifact(b.name(), b.bytes().size(), b.bytes()::newInput)).toList();
    @SuppressWarnings("unchecked")
    Mono<Void>[] self = new Mono[1];
    self[0] = client.addArtifacts(artifacts)
        .doFinally(s -> blobs.forEach(b -> inFlight.remove(b.name(), self[0])))
        .cache();
    blobs.forEach(b -> inFlight.put(b.name(), self[0]));
    return self[0];
  }

  // ---------------------------------------------------------------- upload of a stream of chunks

  /**
   * Uploads chunk streams produced as the source is read, and emits the relation that references them: inline
   * when all of it stays below the threshold, otherwise cached (see the class javadoc). Cold: subscribes to
   * {@code chunks} once; cancelling cancels the source and the call in flight (artifacts already stored stay in
   * the session, unreferenced, until it ends).
   *
   * @param chunks complete Arrow IPC streams of one schema, each at most the limits' chunk size (whole batches)
   * @param schema the schema string of the relation (DDL)
   * @param limits the server's confs
   * @return the relation, without plan id: a {@code LocalRelation}, {@code CachedLocalRelation} or
   *     {@code ChunkedCachedLocalRelation}; errors of the source, of the size limit or of the upload
   */
  public Mono<Relation> upload(Flux<ByteString> chunks, String schema, Limits limits) {
    return Mono.defer(() -> {
      Upload state = new Upload(schema, limits, groupBytes(limits));
      // groups go out while the next one is encoded: at most GROUPS_IN_FLIGHT uploads at once, and the chunks
      // are asked for one at a time, so the source is read only while fewer groups are in flight
      return chunks.flatMap(state::add, GROUPS_IN_FLIGHT, 1).then(Mono.defer(state::finish))
          .map(Relation.Builder::build);
    });
  }

  /**
   * Groups of one {@link #upload} sent at once at most: one on the wire while the next is assembled (encoded and
   * hashed) and then sent, so that the encoding of the rows and the server's storing of the last group overlap.
   */
  static final int GROUPS_IN_FLIGHT = 2;

  /**
   * The state of one {@link #upload}: chunks held, data hashes sent so far. {@link #add} and {@link #finish} run
   * one at a time ({@code flatMap} serializes its mapper, {@code then} follows all of them); a group's hashes are
   * taken in {@link #add}, in chunk order, whatever order the groups' uploads end in.
   */
  private final class Upload {
    private final String schema;
    private final Limits limits;
    private final long groupBytes;
    private final List<ByteString> held = new ArrayList<>();
    private long heldBytes;
    private long total;
    private boolean cached;
    private final List<String> dataHashes = new ArrayList<>();

    Upload(String schema, Limits limits, long groupBytes) {
      this.schema = schema;
      this.limits = limits;
      this.groupBytes = groupBytes;
    }

    Mono<Void> add(ByteString chunk) {
      total += chunk.size();
      if (total > limits.sizeLimit()) {
        return Mono.error(tooLarge(total, limits));
      }
      held.add(chunk);
      heldBytes += chunk.size();
      if (!cached && total >= limits.cacheThreshold()) {
        cached = true;
      }
      if (cached && heldBytes >= groupBytes) {
        return sendHeld(false);
      }
      return Mono.empty();
    }

    private Mono<Void> sendHeld(boolean withSchema) {
      List<Blob> blobs = new ArrayList<>(held.size() + 1);
      for (ByteString c : held) {
        Blob b = new Blob(sha256(c), c);
        dataHashes.add(b.hash());
        blobs.add(b);
      }
      held.clear();
      heldBytes = 0;
      if (withSchema) {
        ByteString s = ByteString.copyFrom(schema, StandardCharsets.UTF_8);
        blobs.add(new Blob(sha256(s), s));
      }
      return sendMissing(blobs);
    }

    Mono<Relation.Builder> finish() {
      if (!cached) {
        LocalRelation.Builder local = LocalRelation.newBuilder().setSchema(schema);
        if (!held.isEmpty()) {
          local.setData(IpcStreams.join(held));
        }
        held.clear();
        return Mono.just(Relation.newBuilder().setLocalRelation(local));
      }
      if (dataHashes.isEmpty() && held.size() == 1) {
        ByteString whole = LocalRelation.newBuilder().setData(held.get(0)).setSchema(schema).build().toByteString();
        held.clear();
        return Mono.fromCallable(() -> new Blob(sha256(whole), whole))
            .flatMap(b -> sendMissing(List.of(b))
                .thenReturn(Relation.newBuilder().setCachedLocalRelation(CachedLocalRelation.newBuilder()
                    .setHash(b.hash()))));
      }
      String schemaHash = sha256(ByteString.copyFrom(schema, StandardCharsets.UTF_8));
      return sendHeld(true).then(Mono.fromSupplier(() -> Relation.newBuilder().setChunkedCachedLocalRelation(
          ChunkedCachedLocalRelation.newBuilder().addAllDataHashes(dataHashes).setSchemaHash(schemaHash))));
    }
  }

  // ---------------------------------------------------------------- hashing

  /**
   * The hex SHA-256 of some bytes, the name of their {@code cache/} artifact.
   *
   * @param bytes the bytes (a rope is read piece by piece, not copied)
   * @return 64 lower-case hex digits
   */
  public static String sha256(ByteString bytes) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    for (ByteBuffer b : bytes.asReadOnlyByteBufferList()) {
      md.update(b);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
