package io.github.reactivespark.connect.samples.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;

/** Plans one input partition per page; page 0 is fetched in the driver to learn how many pages there are. */
final class RestJsonScan implements ScanBuilder, Scan, Batch {

  private final String url;
  private final int pageSize;
  private final StructType schema;

  RestJsonScan(String url, int pageSize, StructType schema) {
    this.url = url;
    this.pageSize = pageSize;
    this.schema = schema;
  }

  @Override
  public Scan build() {
    return this;
  }

  @Override
  public StructType readSchema() {
    return schema;
  }

  @Override
  public String description() {
    return "RestJsonScan(" + url + ", pageSize=" + pageSize + ")";
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    JsonNode first = RestJsonPageReader.fetch(url, 0, pageSize);
    int pages = first.path("pages").asInt(0);
    InputPartition[] partitions = new InputPartition[pages];
    for (int p = 0; p < pages; p++) {
      partitions[p] = new RestJsonPage(p);
    }
    return partitions;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new RestJsonReaderFactory(url, pageSize, schema);
  }

  /** One page of the endpoint: one input partition. */
  record RestJsonPage(int page) implements InputPartition {}
}
