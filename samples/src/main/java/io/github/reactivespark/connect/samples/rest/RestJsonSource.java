package io.github.reactivespark.connect.samples.rest;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A read-only DSv2 source over a paged JSON HTTP API. Options: {@code url} (the endpoint; the source requests
 * {@code url?page=<n>&size=<pageSize>}), {@code pageSize} (rows per page, default 100) and {@code schema} (a DDL
 * string, unless the reader gives a schema). Each page answers {@code {"page": n, "pages": total, "rows": [{...}]}};
 * the driver reads page 0 to learn {@code pages}, and every page becomes one input partition, read by an executor.
 *
 * <p>Spark instantiates this class on the server with its no-argument constructor, through the session's class
 * loader (the jar is a session artifact).
 */
public final class RestJsonSource implements TableProvider {

  /** Spark's no-argument constructor. */
  public RestJsonSource() {}

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    String ddl = options.get("schema");
    if (ddl == null || ddl.isBlank()) {
      throw new IllegalArgumentException("RestJsonSource needs a schema: option(\"schema\", \"<DDL>\") or schema(...)");
    }
    return StructType.fromDDL(ddl);
  }

  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new RestJsonTable(schema, properties);
  }
}
