package io.github.reactivespark.connect.web;

import io.github.reactivespark.connect.autoconfigure.SparkSessionBuilderCustomizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spark's FAIR job scheduler with a FAIR {@code default} pool on the embedded server, so that small queries are not
 * queued behind the tasks of big result streams (Spark's default FIFO scheduler runs every task of an earlier job
 * first). Off by default ({@code reactive-spark.web.fair-scheduler=true} turns it on): measured through the service
 * ({@code bench.ServiceLoad small fifo|fair}, see the README), it did not make small requests under big streams
 * faster on a 2-core machine, where they wait for CPU and the result path rather than for a task slot.
 *
 * <p>Spark's {@code FairSchedulableBuilder} puts every job without a {@code spark.scheduler.pool} local property in
 * the {@code default} pool, which is FIFO unless an allocation file says otherwise; so the server gets
 * {@code spark.scheduler.mode=FAIR} and {@code spark.scheduler.allocation.file} naming {@code fairscheduler.xml}
 * (copied from the service's classpath into {@code reactive-spark.web.data-dir}), which makes the default pool FAIR.
 * The embedded server's confs ({@code SparkSession.Builder#localServerConf}) are ignored for an {@code sc://}
 * remote: on your own server set the same two confs (see the service's README).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "reactive-spark.web", name = "fair-scheduler", havingValue = "true")
public class FairSchedulerConfiguration {

  /** The allocation file's name, on the classpath and in the data directory. */
  static final String ALLOCATION_FILE = "fairscheduler.xml";

  /** Created by Spring. */
  public FairSchedulerConfiguration() {}

  /**
   * The customizer that writes the allocation file and sets the embedded server's scheduler confs.
   *
   * @param properties the service's settings (its data directory)
   * @return the customizer; it throws {@link UncheckedIOException} if the file cannot be written
   */
  @Bean
  SparkSessionBuilderCustomizer fairSchedulerCustomizer(WebServiceProperties properties) {
    return builder -> {
      Path file = properties.getDataDir().resolve(ALLOCATION_FILE).toAbsolutePath();
      try (InputStream in = FairSchedulerConfiguration.class.getResourceAsStream("/" + ALLOCATION_FILE)) {
        if (in == null) {
          throw new IllegalStateException(ALLOCATION_FILE + " is missing from the service's classpath");
        }
        Files.createDirectories(file.getParent());
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the fair scheduler's allocation file " + file, e);
      }
      builder.localServerConf("spark.scheduler.mode", "FAIR")
          .localServerConf("spark.scheduler.allocation.file", file.toUri().toString());
    };
  }
}
