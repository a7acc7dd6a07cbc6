package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server reports about an executed query: the metrics of every node of its physical plan, from
 * {@code ExecutePlanResponse.metrics} (sent once, when the result is complete). PySpark's
 * {@code DataFrame.executionInfo} ({@code pyspark/sql/metrics.py}: {@code ExecutionInfo.metrics}, a
 * {@code CollectedMetrics} of {@code PlanMetrics}). Observed metrics are not repeated here: they go to their
 * {@link Observation}.
 *
 * @param operationId the operation that produced it
 * @param metrics one entry per plan node, in the server's order (the root first)
 * @since 0.1.0
 */
public record ExecutionInfo(String operationId, List<PlanMetrics> metrics) {

  /**
   * Checks for null and copies the list.
   *
   * @throws NullPointerException if an argument is null
   */
  public ExecutionInfo {
    Objects.requireNonNull(operationId, "operationId");
    metrics = List.copyOf(metrics);
  }

  /**
   * The metrics of one node of the executed physical plan.
   *
   * @param name the node's name, e.g. {@code HashAggregate}, {@code Exchange}, {@code LocalTableScan}
   * @param planId the node's id in the physical plan (not the DataFrame's plan id)
   * @param parentPlanId the id of the node that consumes its output
   * @param values its metrics (number of output rows, time spent, spill size, ...)
   */
  public record PlanMetrics(String name, long planId, long parentPlanId, List<MetricValue> values) {

    /**
     * Checks for null and copies the list.
     *
     * @throws NullPointerException if an argument is null
     */
    public PlanMetrics {
      Objects.requireNonNull(name, "name");
      values = List.copyOf(values);
    }

    /**
     * A metric of this node by name.
     *
     * @param metricName e.g. {@code "number of output rows"}
     * @return its value, if the node has it
     */
    public Optional<MetricValue> value(String metricName) {
      return values.stream().filter(v -> v.name().equals(metricName)).findFirst();
    }
  }

  /**
   * One metric of a plan node, as Spark's {@code SQLMetric}.
   *
   * @param name the metric's name
   * @param value its value, in the unit of its type ({@code sum} counts, {@code size} bytes, {@code timing}
   *     milliseconds, {@code nsTiming} nanoseconds, {@code average})
   * @param metricType Spark's metric type: {@code sum}, {@code size}, {@code timing}, {@code nsTiming},
   *     {@code average}
   */
  public record MetricValue(String name, long value, String metricType) {}

  /**
   * The nodes with a given name, e.g. every {@code Exchange} (shuffle) of the plan.
   *
   * @param nodeName the node name
   * @return those nodes, in order
   */
  public List<PlanMetrics> nodes(String nodeName) {
    return metrics.stream().filter(m -> m.name().equals(nodeName)).toList();
  }

  /**
   * The metrics as an indented text tree, root first, each node with its metrics ({@code name=value (type)}),
   * as PySpark's {@code CollectedMetrics.toText()} draws it.
   *
   * @return the text, one node per line
   */
  public String toText() {
    StringBuilder b = new StringBuilder();
    for (PlanMetrics root : metrics.stream().filter(m -> metrics.stream().noneMatch(p -> p.planId() == m.parentPlanId()
        && p != m)).toList()) {
      appendNode(b, root, "");
    }
    return b.toString();
  }

  private void appendNode(StringBuilder b, PlanMetrics node, String indent) {
    b.append(indent).append("+- ").append(node.name()).append('(');
    for (int i = 0; i < node.values().size(); i++) {
      MetricValue v = node.values().get(i);
      b.append(i == 0 ? "" : ", ").append(v.name()).append('=').append(v.value()).append(" (").append(v.metricType())
          .append(')');
    }
    b.append(")\n");
    for (PlanMetrics child : metrics) {
      if (child.parentPlanId() == node.planId() && child != node) {
        appendNode(b, child, indent + "  ");
      }
    }
  }

  static ExecutionInfo of(String operationId, ExecutePlanResponse.Metrics m) {
    List<PlanMetrics> nodes = new ArrayList<>(m.getMetricsCount());
    for (ExecutePlanResponse.Metrics.MetricObject o : m.getMetricsList()) {
      List<MetricValue> values = new ArrayList<>();
      for (Map.Entry<String, ExecutePlanResponse.Metrics.MetricValue> e : o.getExecutionMetricsMap().entrySet()) {
        values.add(new MetricValue(e.getValue().getName().isEmpty() ? e.getKey() : e.getValue().getName(),
            e.getValue().getValue(), e.getValue().getMetricType()));
      }
      values.sort(Comparator.comparing(MetricValue::name));
      nodes.add(new PlanMetrics(o.getName(), o.getPlanId(), o.getParent(), values));
    }
    return new ExecutionInfo(operationId, nodes);
  }
}
