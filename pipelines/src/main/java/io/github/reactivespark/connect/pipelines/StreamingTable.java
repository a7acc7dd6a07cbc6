package io.github.reactivespark.connect.pipelines;

/**
 * A streaming table: a table published to the catalog that its flows append to incrementally, each run processing
 * only the data that arrived since the last one ({@code OutputType.TABLE}; PySpark's {@code @dp.table} and
 * {@code create_streaming_table}, SQL's {@code CREATE STREAMING TABLE}). A full refresh empties it and its
 * streaming checkpoints and processes everything again. Flows into it read streaming DataFrames
 * ({@code readStream}, {@code STREAM(...)}).
 *
 * <p>With {@link Builder#query} the table has its own flow, named like the table; without, it is only declared
 * and {@link Flow}s append to it. Immutable.
 */
public final class StreamingTable extends TableOutput implements Output {

  private StreamingTable(Builder b) {
    super(b);
  }

  /**
   * A builder for a streaming table.
   *
   * @param name the table's name, one to three parts
   * @return a new builder
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String toString() {
    return "StreamingTable[" + name() + "]";
  }

  /** Builds a {@link StreamingTable}. Not thread-safe. */
  public static final class Builder extends TableOutput.Builder<Builder, StreamingTable> {

    private Builder(String name) {
      super(name);
    }

    @Override
    Builder self() {
      return this;
    }

    @Override
    public StreamingTable build() {
      return new StreamingTable(this);
    }
  }
}
