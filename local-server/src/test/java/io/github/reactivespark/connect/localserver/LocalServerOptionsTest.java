package io.github.reactivespark.connect.localserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalServerOptionsTest {

  @Test
  void deltaAddsThePackageAndDeltasTwoConfs() {
    LocalServerOptions o = LocalServerOptions.builder().delta().build();
    assertEquals(List.of("io.delta:delta-spark_4.1_2.13:4.3.1"), o.packages());
    assertEquals(Map.of("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"), o.confs());
  }

  @Test
  void confsSayPackagesAndLocalClusterAsSparkDoes() {
    LocalServerOptions o = LocalServerOptions.fromConfs(Map.of(
        "spark.jars.packages", " io.delta:delta-spark_2.13:4.3.1 , org.example:lib:1.0",
        "spark.master", "local-cluster[3, 2, 1536]",
        "spark.sql.shuffle.partitions", "4"));
    assertEquals(List.of("io.delta:delta-spark_2.13:4.3.1", "org.example:lib:1.0"), o.packages());
    assertEquals(Optional.of(new LocalServerOptions.Cluster(3, 2, "1536m")), o.cluster());
    assertEquals("4", o.confs().get("spark.sql.shuffle.partitions"));
    assertFalse(o.confs().containsKey("spark.master"), "local-cluster is the launcher's, not Spark's");
    assertFalse(o.confs().containsKey("spark.jars.packages"), "resolved by the launcher, not by Spark's Ivy");
    // a delta-spark package brings Delta's confs unless they are given
    assertEquals(LocalServerOptions.DELTA_CATALOG, o.confs().get("spark.sql.catalog.spark_catalog"));
    LocalServerOptions own = LocalServerOptions.fromConfs(Map.of("spark.jars.packages", "io.delta:delta-spark_2.13:4.3.1",
        "spark.sql.extensions", "my.Extension"));
    assertEquals("my.Extension", own.confs().get("spark.sql.extensions"));

    assertEquals(LocalServerOptions.Cluster.DEFAULT,
        LocalServerOptions.fromConfs(Map.of("spark.master", "local-cluster")).cluster().orElseThrow());
    assertEquals("local[4]", LocalServerOptions.fromConfs(Map.of("spark.master", "local[4]")).confs().get("spark.master"));
  }

  @Test
  void equalOptionsAreEqualWhateverTheOrder() {
    LocalServerOptions a = LocalServerOptions.builder().conf("spark.a", "1").conf("spark.b", "2").build();
    LocalServerOptions b = LocalServerOptions.builder().conf("spark.b", "2").conf("spark.a", "1").build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a, a.mutate().build());
    assertNotEquals(a, a.mutate().cluster(1, 1, "1g").build());
    assertNotEquals(a, a.mutate().authenticate(false).build());
    assertNotEquals(a, a.mutate().packages("g:a:1").build());
  }

  @Test
  void badInputIsRefusedNamingIt() {
    LocalServerOptions.Builder b = LocalServerOptions.builder();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.packages("io.delta:delta"));
    assertTrue(e.getMessage().contains("'io.delta:delta'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.conf("foo", "bar"));
    assertThrows(IllegalArgumentException.class, () -> b.conf("spark.connect.grpc.binding.port", "1"));
    assertThrows(IllegalArgumentException.class, () -> b.conf("spark.jars.packages", "g:a:1"));
    assertThrows(IllegalArgumentException.class, () -> b.cluster(0, 1, "1g"));
    assertThrows(IllegalArgumentException.class, () -> b.cluster(1, 0, "1g"));
    e = assertThrows(IllegalArgumentException.class, () -> b.cluster(1, 1, "lots"));
    assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LocalServerOptions.Cluster.parse("local-cluster[2,1]"));
    assertTrue(e.getMessage().contains("local-cluster[2,1]"), e.getMessage());
  }

  @Test
  void toStringHidesAGivenToken() {
    String s = LocalServerOptions.builder().conf("spark.connect.authenticate.token", "sekrit").build().toString();
    assertFalse(s.contains("sekrit"), s);
  }
}
