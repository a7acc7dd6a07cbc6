package io.github.reactivespark.connect.catalog;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A table or view, as Spark's {@code org.apache.spark.sql.catalog.Table}.
 *
 * @param name the table's name (unqualified)
 * @param catalog the catalog it belongs to, or null (temporary views)
 * @param namespace its namespace ({@code [db]} in the session catalog), empty for temporary views
 * @param description its comment, or null
 * @param tableType {@code MANAGED}, {@code EXTERNAL}, {@code VIEW} or {@code TEMPORARY}
 * @param isTemporary whether it is a temporary view
 * @since 0.1.0
 */
public record Table(String name, @Nullable String catalog, List<String> namespace, @Nullable String description,
    String tableType, boolean isTemporary) {

  /** Copies the namespace. */
  public Table {
    namespace = List.copyOf(namespace);
  }

  /** The database: the namespace's only element, or null when the namespace is not one element long. */
  public @Nullable String database() {
    return namespace.size() == 1 ? namespace.get(0) : null;
  }
}
