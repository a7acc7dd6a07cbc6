package io.github.reactivespark.connect.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A sink: an external streaming destination that flows write to, not published to the catalog
 * ({@code OutputType.SINK} with {@code SinkDetails}; PySpark's {@code dp.create_sink}). The format and options are
 * those of {@code DataStreamWriter}, for example format {@code json} with option {@code path}, or {@code kafka}
 * with its bootstrap servers and topic. Flows into a sink read streaming DataFrames; a sink's name has one part.
 * Immutable.
 */
public final class Sink implements Output {

  private final String name;
  private final @Nullable String comment;
  private final String format;
  private final Map<String, String> options;
  private final @Nullable SourceCodeLocation location;

  private Sink(Builder b) {
    this.name = b.name;
    this.comment = b.comment;
    this.format = Objects.requireNonNull(b.format);
    this.options = Definitions.copy(b.options);
    this.location = b.location != null ? b.location : SourceCodeLocation.ofCaller().orElse(null);
  }

  /**
   * A builder for a sink; {@link Builder#format(String)} is required.
   *
   * @param name the sink's name, one part
   * @return a new builder
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<String> comment() {
    return Optional.ofNullable(comment);
  }

  /**
   * The streaming write format ({@code SinkDetails.format}).
   *
   * @return the format, never blank
   */
  public String format() {
    return format;
  }

  /**
   * The streaming write options ({@code SinkDetails.options}).
   *
   * @return an unmodifiable map in insertion order
   */
  public Map<String, String> options() {
    return options;
  }

  @Override
  public Optional<SourceCodeLocation> sourceCodeLocation() {
    return Optional.ofNullable(location);
  }

  @Override
  public String toString() {
    return "Sink[" + name + ", " + format + "]";
  }

  /** Builds a {@link Sink}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable String comment;
    private @Nullable String format;
    private final Map<String, String> options = new LinkedHashMap<>();
    private @Nullable SourceCodeLocation location;

    private Builder(String name) {
      this.name = Definitions.name(name, "name");
    }

    /**
     * The sink's comment.
     *
     * @param comment the comment
     * @return this builder
     */
    public Builder comment(String comment) {
      this.comment = Objects.requireNonNull(comment, "comment");
      return this;
    }

    /**
     * The streaming write format, for example {@code json}, {@code parquet} or {@code kafka}.
     *
     * @param format the format name, not blank
     * @return this builder
     */
    public Builder format(String format) {
      this.format = Definitions.name(format, "format");
      return this;
    }

    /**
     * A streaming write option, for example {@code path}.
     *
     * @param key the option key, not blank
     * @param value the value
     * @return this builder
     */
    public Builder option(String key, String value) {
      Definitions.put(options, key, value, "option");
      return this;
    }

    /**
     * Where the sink is defined; by default the caller of {@link #build()}.
     *
     * @param location the location
     * @return this builder
     */
    public Builder sourceCodeLocation(SourceCodeLocation location) {
      this.location = Objects.requireNonNull(location, "location");
      return this;
    }

    /**
     * The immutable definition.
     *
     * @return the sink
     * @throws IllegalStateException if no format was given
     */
    public Sink build() {
      if (format == null) {
        throw new IllegalStateException("sink " + name + " needs a format (format(String))");
      }
      return new Sink(this);
    }
  }
}
