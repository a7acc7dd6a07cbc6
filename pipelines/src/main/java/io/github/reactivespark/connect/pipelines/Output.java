package io.github.reactivespark.connect.pipelines;

import java.util.Optional;

/**
 * A dataset of a dataflow graph that flows write to: what {@code DefineOutput} registers on the server. The four
 * kinds are those of Spark's {@code OutputType}: {@link MaterializedView} ({@code MATERIALIZED_VIEW}),
 * {@link StreamingTable} ({@code TABLE}), {@link TemporaryView} ({@code TEMPORARY_VIEW}) and {@link Sink}
 * ({@code SINK}). Implementations are immutable values.
 */
public sealed interface Output permits MaterializedView, StreamingTable, TemporaryView, Sink {

  /**
   * The output's name as given; the server qualifies a one-part name of a table or materialized view with the
   * graph's default catalog and database.
   *
   * @return the name, never blank
   */
  String name();

  /**
   * The comment stored with the output ({@code DefineOutput.comment}).
   *
   * @return the comment, or empty
   */
  Optional<String> comment();

  /**
   * Where the output was defined, sent to the server as {@code source_code_location} so that its errors and
   * events can point there.
   *
   * @return the location, or empty when it was not known
   */
  Optional<SourceCodeLocation> sourceCodeLocation();
}
