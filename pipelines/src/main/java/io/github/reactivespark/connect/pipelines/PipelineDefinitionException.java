package io.github.reactivespark.connect.pipelines;

import io.github.reactivespark.connect.exceptions.SparkConnectException;
import java.util.Locale;

/**
 * The server refused one element of a graph while it was being defined, before any run started: a SQL file that
 * does not parse or holds a statement pipelines do not allow, an output the server cannot register, a flow it
 * cannot accept. It names the element ({@link #elementKind()}, {@link #elementName()}) and keeps the server's error
 * class and parameters; the server's exception is the {@linkplain #getCause() cause}.
 */
public class PipelineDefinitionException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /** The kinds of graph element. */
  public enum ElementKind {
    /** A {@link MaterializedView}. */
    MATERIALIZED_VIEW,
    /** A {@link StreamingTable}. */
    STREAMING_TABLE,
    /** A {@link TemporaryView}. */
    TEMPORARY_VIEW,
    /** A {@link Sink}. */
    SINK,
    /** A {@link Flow}. */
    FLOW,
    /** A {@link SqlFile}. */
    SQL_FILE;

    /**
     * The kind of an output.
     *
     * @param output the output
     * @return its kind
     */
    public static ElementKind of(Output output) {
      if (output instanceof MaterializedView) {
        return MATERIALIZED_VIEW;
      } else if (output instanceof StreamingTable) {
        return STREAMING_TABLE;
      } else if (output instanceof TemporaryView) {
        return TEMPORARY_VIEW;
      }
      return SINK;
    }

    /** For messages: {@code materialized view}, {@code SQL file}, ... */
    String label() {
      return this == SQL_FILE ? "SQL file" : name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /** The kind of element refused. */
  private final ElementKind elementKind;
  /** The element's name or path. */
  private final String elementName;

  /**
   * Wraps the server's refusal of one element.
   *
   * @param elementKind what kind of element it was
   * @param elementName its name (for a SQL file, its path)
   * @param cause the server's error
   */
  public PipelineDefinitionException(ElementKind elementKind, String elementName, SparkConnectException cause) {
    super(PipelineRunException.withMessage(cause.details(),
        "The server refused " + elementKind.label() + " " + elementName + ": " + cause.getMessage()), cause);
    this.elementKind = elementKind;
    this.elementName = elementName;
  }

  /**
   * The kind of element the server refused.
   *
   * @return the kind
   */
  public ElementKind elementKind() {
    return elementKind;
  }

  /**
   * The name of the element the server refused: a dataset or flow name as defined, or a SQL file's path.
   *
   * @return the name
   */
  public String elementName() {
    return elementName;
  }
}
