package io.github.reactivespark.connect.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation this module makes, and its keys, in Micrometer's documentation form.
 *
 * @since 0.1.0
 */
public enum SparkConnectObservationDocumentation implements ObservationDocumentation {

  /**
   * One client operation of a Spark Connect session: a query's (or a command's) {@code ExecutePlan}, from the
   * subscription to the end of its result, with its reattaches and retries; or one unary call ({@code AnalyzePlan},
   * {@code Config}, {@code Interrupt}, {@code AddArtifacts}) with its retries. Named {@code spark.connect.execute}.
   */
  EXECUTE {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
      return DefaultSparkConnectObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return LowCardinalityKeys.values();
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return HighCardinalityKeys.values();
    }
  };

  /** Keys with few values: they tag the operation's timer. */
  public enum LowCardinalityKeys implements KeyName {

    /** The operation's RPC: {@code ExecutePlan}, {@code AnalyzePlan}, {@code Config}, {@code Interrupt}, {@code AddArtifacts}. */
    RPC {
      @Override
      public String asString() {
        return "spark.connect.rpc";
      }
    },

    /** {@code success}, {@code error}, {@code cancelled} ({@code unknown} while it runs). */
    OUTCOME {
      @Override
      public String asString() {
        return "spark.connect.outcome";
      }
    },

    /** Spark's error class of a failed operation (for example {@code PARSE_SYNTAX_ERROR}), otherwise {@code none}. */
    ERROR_CLASS {
      @Override
      public String asString() {
        return "spark.connect.error.class";
      }
    }
  }

  /** Keys with a value per operation: for traces, never for meter tags. */
  public enum HighCardinalityKeys implements KeyName {

    /** The operation id the client gave a query ({@code none} for unary calls). */
    OPERATION_ID {
      @Override
      public String asString() {
        return "spark.connect.operation.id";
      }
    },

    /** The client-side session id. */
    SESSION_ID {
      @Override
      public String asString() {
        return "spark.connect.session.id";
      }
    }
  }
}
