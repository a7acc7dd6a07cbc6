package io.github.reactivespark.connect.micrometer;

import io.github.reactivespark.connect.events.OperationEndedEvent;
import io.github.reactivespark.connect.micrometer.SparkConnectObservationDocumentation.HighCardinalityKeys;
import io.github.reactivespark.connect.micrometer.SparkConnectObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default naming: observation {@value #NAME}, contextual (span) name
 * {@code spark.connect.SparkConnectService/<rpc>} (the gRPC method, as gRPC instrumentations name spans), the keys of
 * {@link SparkConnectObservationDocumentation}.
 *
 * @since 0.1.0
 */
public class DefaultSparkConnectObservationConvention implements SparkConnectObservationConvention {

  /** The observation's name; with a meter handler, also the name of its timer. */
  public static final String NAME = "spark.connect.execute";

  private static final String NONE = "none";

  /** The default convention. */
  public DefaultSparkConnectObservationConvention() {}

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(SparkConnectObservationContext context) {
    return "spark.connect.SparkConnectService/" + context.start().rpc();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(SparkConnectObservationContext context) {
    OperationEndedEvent end = context.end();
    String errorClass = end == null ? null : end.errorClass();
    return KeyValues.of(
        LowCardinalityKeys.RPC.withValue(context.start().rpc()),
        LowCardinalityKeys.OUTCOME.withValue(end == null ? "unknown" : end.outcome().value()),
        LowCardinalityKeys.ERROR_CLASS.withValue(errorClass == null ? NONE : errorClass));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(SparkConnectObservationContext context) {
    OperationEndedEvent end = context.end();
    String operationId = end == null ? null : end.operationId();
    return KeyValues.of(
        HighCardinalityKeys.OPERATION_ID.withValue(operationId == null ? NONE : operationId),
        HighCardinalityKeys.SESSION_ID.withValue(context.start().sessionId()));
  }
}
