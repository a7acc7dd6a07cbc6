package io.github.reactivespark.connect.samples.rest;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The table of one endpoint: batch reads only. */
final class RestJsonTable implements SupportsRead {

  private final StructType schema;
  private final Map<String, String> properties;

  RestJsonTable(StructType schema, Map<String, String> properties) {
    this.schema = schema;
    this.properties = properties;
  }

  @Override
  public String name() {
    return "rest-json(" + properties.get("url") + ")";
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    String url = options.get("url");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("RestJsonSource needs option(\"url\", \"http://...\")");
    }
    return new RestJsonScan(url, options.getInt("pageSize", 100), schema);
  }
}
