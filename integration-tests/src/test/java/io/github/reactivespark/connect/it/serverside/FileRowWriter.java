package io.github.reactivespark.connect.it.serverside;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;

/**
 * A {@code foreach} sink writer run by the server's executors: each (partition, epoch) writes the {@code value}
 * column of its rows, one per line, to {@code <dir>/<epoch>-<partition>.txt}, replacing an earlier attempt. It
 * references only Spark's API and the JDK (see {@link BatchFunctions} for why).
 */
public final class FileRowWriter extends ForeachWriter<Row> {

  private final String dir;
  private transient BufferedWriter out;

  public FileRowWriter(String dir) {
    this.dir = dir;
  }

  @Override
  public boolean open(long partitionId, long epochId) {
    try {
      Path d = Paths.get(dir);
      Files.createDirectories(d);
      out = Files.newBufferedWriter(d.resolve(epochId + "-" + partitionId + ".txt"), StandardCharsets.UTF_8);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void process(Row row) {
    try {
      out.write(Long.toString(row.getLong(row.fieldIndex("value"))));
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close(Throwable errorOrNull) {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
