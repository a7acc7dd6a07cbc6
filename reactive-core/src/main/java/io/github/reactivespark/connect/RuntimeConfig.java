package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.ConfigRequest;
import io.github.reactivespark.connect.internal.proto.ConfigResponse;
import io.github.reactivespark.connect.internal.proto.KeyValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The session's runtime SQL configuration on the server ({@code spark.conf}), through the {@code Config} RPC.
 *
 * <p>Every method returns a cold {@code Mono}: each subscription sends one {@code Config} request. Errors:
 * {@code SparkConnectException} subclasses, for example when setting a static or unknown-to-be-modifiable conf
 * ({@code CANNOT_MODIFY_CONFIG}) or reading a missing key without default ({@code SQL_CONF_NOT_FOUND}).
 * Mirrors Spark's {@code RuntimeConfig} (Scala client {@code ConnectRuntimeConfig}).
 *
 * @since 0.1.0
 */
public final class RuntimeConfig {

  private final SparkSession session;

  RuntimeConfig(SparkSession session) {
    this.session = session;
  }

  /** Sets a conf for this session; completes when the server has applied it. */
  public Mono<Void> set(String key, String value) {
    return config(ConfigRequest.Operation.newBuilder().setSet(ConfigRequest.Set.newBuilder()
        .addPairs(KeyValue.newBuilder().setKey(key).setValue(value)))).then();
  }

  /** Sets a boolean conf. */
  public Mono<Void> set(String key, boolean value) {
    return set(key, Boolean.toString(value));
  }

  /** Sets a numeric conf. */
  public Mono<Void> set(String key, long value) {
    return set(key, Long.toString(value));
  }

  /** The value of a conf; emits an error ({@code SQL_CONF_NOT_FOUND}) when it has no value and no default. */
  public Mono<String> get(String key) {
    return config(ConfigRequest.Operation.newBuilder().setGet(ConfigRequest.Get.newBuilder().addKeys(key)))
        .map(r -> r.getPairs(0).getValue());
  }

  /** The value of a conf, or {@code defaultValue} when it is not set. */
  public Mono<String> get(String key, String defaultValue) {
    return config(ConfigRequest.Operation.newBuilder().setGetWithDefault(ConfigRequest.GetWithDefault
            .newBuilder().addPairs(KeyValue.newBuilder().setKey(key).setValue(defaultValue))))
        .map(r -> r.getPairs(0).getValue());
  }

  /** The value of a conf if set (emits an empty {@code Optional} otherwise). */
  public Mono<Optional<String>> getOption(String key) {
    return config(ConfigRequest.Operation.newBuilder().setGetOption(ConfigRequest.GetOption.newBuilder()
            .addKeys(key)))
        .map(r -> r.getPairs(0).hasValue() ? Optional.of(r.getPairs(0).getValue()) : Optional.empty());
  }

  /** Every conf explicitly set in the session (key to value). */
  public Mono<Map<String, String>> getAll() {
    return config(ConfigRequest.Operation.newBuilder().setGetAll(ConfigRequest.GetAll.getDefaultInstance()))
        .map(r -> toMap(r.getPairsList()));
  }

  /**
   * Every conf explicitly set in the session whose key starts with {@code prefix} ({@code Config.get_all} with
   * {@code prefix}), keyed by the rest of the key: the server strips the prefix, so {@code getAll("spark.sql.")}
   * maps {@code "shuffle.partitions"} to its value.
   */
  public Mono<Map<String, String>> getAll(String prefix) {
    return config(ConfigRequest.Operation.newBuilder().setGetAll(ConfigRequest.GetAll.newBuilder()
            .setPrefix(prefix)))
        .map(r -> toMap(r.getPairsList()));
  }

  /** Sets several confs in one {@code Config} request; completes when the server has applied them all. */
  public Mono<Void> set(Map<String, String> confs) {
    ConfigRequest.Set.Builder set = ConfigRequest.Set.newBuilder();
    confs.forEach((k, v) -> set.addPairs(KeyValue.newBuilder().setKey(k).setValue(v)));
    return config(ConfigRequest.Operation.newBuilder().setSet(set)).then();
  }

  /** Resets a conf to its default. */
  public Mono<Void> unset(String key) {
    return config(ConfigRequest.Operation.newBuilder().setUnset(ConfigRequest.Unset.newBuilder().addKeys(key)))
        .then();
  }

  /** Whether the conf can be changed at run time in this session. */
  public Mono<Boolean> isModifiable(String key) {
    return config(ConfigRequest.Operation.newBuilder().setIsModifiable(ConfigRequest.IsModifiable.newBuilder()
            .addKeys(key)))
        .map(r -> Boolean.parseBoolean(r.getPairs(0).getValue()));
  }

  private static Map<String, String> toMap(List<KeyValue> pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    pairs.forEach(kv -> m.put(kv.getKey(), kv.hasValue() ? kv.getValue() : null));
    return m;
  }

  private Mono<ConfigResponse> config(ConfigRequest.Operation.Builder operation) {
    return session.client().config(operation);
  }
}
