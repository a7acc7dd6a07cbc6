package io.github.reactivespark.connect.bench;

import java.util.Arrays;

/** The consumers the benchmark compares; {@link #id()} is the name used on the command line and in the table. */
public enum Variant {
  /** (a) reactive-core, {@code Flux<ArrowBatch>} via {@code mapBatches}, summing the id vector of each batch. */
  OURS_BATCHES("ours-batches"),
  /** (b) reactive-core, the row stream {@code rows()}, summing {@code getLong(0)}. */
  OURS_ROWS("ours-rows"),
  /** Diagnostic: reactive-core's response stream without Arrow decode (splits transport from decode cost). */
  OURS_RESPONSES("ours-responses"),
  /** (c) the official Spark Connect JVM client, {@code toLocalIterator()}, summing {@code getLong(0)}. */
  OFFICIAL_ITERATOR("official-iterator"),
  /** (d) the raw wire rate: the generated reactor-grpc stub, counting responses without decoding. */
  RAW_GRPC("raw-grpc");

  private final String id;

  Variant(String id) {
    this.id = id;
  }

  /** The command-line and table name of this variant. */
  public String id() {
    return id;
  }

  /**
   * The variant named {@code id}.
   *
   * @throws IllegalArgumentException if no variant has that name
   */
  public static Variant of(String id) {
    return Arrays.stream(values()).filter(v -> v.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown variant " + id + "; known: "
            + Arrays.stream(values()).map(Variant::id).toList()));
  }
}
