package io.github.reactivespark.connect.samples.rest;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/** Sent to the executors (serialized): makes the reader of one page. */
final class RestJsonReaderFactory implements PartitionReaderFactory {

  private static final long serialVersionUID = 1L;

  private final String url;
  private final int pageSize;
  private final StructType schema;

  RestJsonReaderFactory(String url, int pageSize, StructType schema) {
    this.url = url;
    this.pageSize = pageSize;
    this.schema = schema;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new RestJsonPageReader(url, ((RestJsonScan.RestJsonPage) partition).page(), pageSize, schema);
  }
}
