package io.github.reactivespark.connect.bench;

import com.google.protobuf.ByteString;
import io.github.reactivespark.connect.events.SparkConnectListener;
import io.github.reactivespark.connect.internal.client.ClientOptions;
import io.github.reactivespark.connect.internal.client.ConnectClient;
import io.github.reactivespark.connect.internal.client.SparkConnectTransport;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanResponse;
import io.github.reactivespark.connect.internal.proto.ConfigRequest;
import io.github.reactivespark.connect.internal.proto.ConfigResponse;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsRequest;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsResponse;
import io.github.reactivespark.connect.internal.proto.InterruptRequest;
import io.github.reactivespark.connect.internal.proto.InterruptResponse;
import io.github.reactivespark.connect.internal.proto.Plan;
import io.github.reactivespark.connect.internal.proto.ReattachExecuteRequest;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteResponse;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionResponse;
import io.github.reactivespark.connect.micrometer.MeterSparkConnectListener;
import io.github.reactivespark.connect.micrometer.ObservationSparkConnectListener;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the event listeners cost the client, without a server: the session core's whole response path (reattachable
 * execution, retry operator, response checks, coalesced {@code release_until}) over an in-memory transport that
 * replays prepared Arrow-batch responses, with no listener, a no-op listener, and Micrometer's observation and meter
 * listeners (an {@code ObservationRegistry} with a meter handler on a {@code SimpleMeterRegistry}). Two shapes: one
 * long query ({@code responses} responses: the per-response cost) and many one-response queries (the per-operation
 * cost: an observation, a timer, the start and end events). Prints the median of {@code rounds} rounds after a
 * warm-up, in ns.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.reactivespark.connect.bench.ListenerOverhead
 * [responses=2000000] [operations=200000] [rounds=7]}
 */
public final class ListenerOverhead {

  private ListenerOverhead() {}

  /** An in-memory server: each ExecutePlan streams the prepared responses. */
  private static final class Replay implements SparkConnectTransport {
    final List<ExecutePlanResponse> responses;

    Replay(int n) {
      ByteString data = ByteString.copyFrom(new byte[1024]);
      responses = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ExecutePlanResponse.Builder b = ExecutePlanResponse.newBuilder().setResponseId("r" + i)
            .setArrowBatch(ExecutePlanResponse.ArrowBatch.newBuilder().setRowCount(100).setData(data));
        if (i == n - 1) {
          b.clearArrowBatch().setResultComplete(ExecutePlanResponse.ResultComplete.getDefaultInstance());
        }
        responses.add(b.build());
      }
    }

    @Override
    public Flux<ExecutePlanResponse> executePlan(ExecutePlanRequest request) {
      return Flux.fromIterable(responses);
    }

    @Override
    public Flux<ExecutePlanResponse> reattachExecute(ReattachExecuteRequest request) {
      return Flux.error(new IllegalStateException("no reattach expected"));
    }

    @Override
    public Mono<ReleaseExecuteResponse> releaseExecute(ReleaseExecuteRequest request) {
      return Mono.just(ReleaseExecuteResponse.getDefaultInstance());
    }

    @Override
    public Mono<AnalyzePlanResponse> analyzePlan(AnalyzePlanRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<ConfigResponse> config(ConfigRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<InterruptResponse> interrupt(InterruptRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<ReleaseSessionResponse> releaseSession(ReleaseSessionRequest request) {
      return Mono.just(ReleaseSessionResponse.getDefaultInstance());
    }

    @Override
    public Mono<FetchErrorDetailsResponse> fetchErrorDetails(FetchErrorDetailsRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<Void> close() {
      return Mono.empty();
    }
  }

  private static ConnectClient client(int responses, SparkConnectListener... listeners) {
    ClientOptions.Builder options = ClientOptions.builder();
    for (SparkConnectListener l : listeners) {
      options.listener(l);
    }
    return new ConnectClient(options.build(), new Replay(responses));
  }

  /** Nanoseconds per response of one query of all responses, or per query of a one-response query. */
  private static double run(ConnectClient client, int queries, int responsesPerQuery) {
    Plan plan = Plan.newBuilder().setRoot(Relation.getDefaultInstance()).build();
    long t0 = System.nanoTime();
    long got = 0;
    for (int q = 0; q < queries; q++) {
      got += client.execute(plan).count().block(Duration.ofMinutes(5));
    }
    long ns = System.nanoTime() - t0;
    if (got != (long) queries * responsesPerQuery) {
      throw new IllegalStateException("got " + got + " responses");
    }
    return (double) ns / (queries == 1 ? responsesPerQuery : queries);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /**
   * Runs the measurement and prints one line per variant.
   *
   * @param args {@code responses=N operations=N rounds=N}
   */
  public static void main(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (String a : args) {
      String[] kv = a.split("=", 2);
      opts.put(kv[0], kv[1]);
    }
    int responses = Integer.parseInt(opts.getOrDefault("responses", "2000000"));
    int operations = Integer.parseInt(opts.getOrDefault("operations", "200000"));
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "7"));

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    SparkConnectListener noop = new SparkConnectListener() {};
    SparkConnectListener observation = new ObservationSparkConnectListener(observations);
    SparkConnectListener meter = new MeterSparkConnectListener(meters);

    Map<String, SparkConnectListener[]> variants = new LinkedHashMap<>();
    variants.put("no listener", new SparkConnectListener[0]);
    variants.put("no-op listener", new SparkConnectListener[] {noop});
    variants.put("micrometer (observation + meters)", new SparkConnectListener[] {observation, meter});

    Map<String, double[]> perResponse = new LinkedHashMap<>();
    Map<String, double[]> perOperation = new LinkedHashMap<>();
    variants.forEach((name, ls) -> {
      perResponse.put(name, new double[rounds]);
      perOperation.put(name, new double[rounds]);
      run(client(responses, ls), 1, responses); // warm-up
      run(client(1, ls), operations, 1);
    });
    for (int r = 0; r < rounds; r++) { // interleaved, so drift of the machine hits every variant alike
      for (Map.Entry<String, SparkConnectListener[]> v : variants.entrySet()) {
        perResponse.get(v.getKey())[r] = run(client(responses, v.getValue()), 1, responses);
        perOperation.get(v.getKey())[r] = run(client(1, v.getValue()), operations, 1);
      }
    }
    System.out.printf("%-36s %16s %18s%n", "variant", "ns per response", "ns per operation");
    variants.keySet().forEach(name -> System.out.printf("%-36s %16.1f %18.1f%n", name,
        median(perResponse.get(name)), median(perOperation.get(name))));
  }
}
