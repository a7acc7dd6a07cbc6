package io.github.reactivespark.connect.catalog;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A function (built-in, persistent or temporary), as Spark's {@code org.apache.spark.sql.catalog.Function}.
 *
 * @param name the function's name
 * @param catalog the catalog it belongs to, or null (built-in and temporary functions)
 * @param namespace its namespace, empty when it has none
 * @param description its usage text, or null
 * @param className the class implementing it (for example {@code org.apache.spark.sql.catalyst.expressions.Abs})
 * @param isTemporary whether it is temporary (built-in functions count as temporary, as in Spark)
 * @since 0.1.0
 */
public record Function(String name, @Nullable String catalog, List<String> namespace, @Nullable String description,
    @Nullable String className, boolean isTemporary) {

  /** Copies the namespace. */
  public Function {
    namespace = List.copyOf(namespace);
  }
}
