package io.github.reactivespark.connect.web;

import io.github.reactivespark.connect.exceptions.RetriesExceededException;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.exceptions.StatusCode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error of the API as an RFC 9457 problem detail ({@code application/problem+json}):
 * <ul>
 *   <li>a Spark error of the query (parse or analysis, bad data) → 400 with Spark's {@code errorClass},
 *       {@code sqlState} and {@code messageParameters} as properties;</li>
 *   <li>an unknown table, view or path ({@code TABLE_OR_VIEW_NOT_FOUND}, {@code PATH_NOT_FOUND}...) or an unknown
 *       registered name → 404;</li>
 *   <li>the Spark server unreachable (gRPC {@code UNAVAILABLE}, or the retries spent on it) → 503 with
 *       {@code Retry-After} ({@code reactive-spark.web.retry-after});</li>
 *   <li>request validation → 400 whose {@code errors} name each field and why; a statement that is not a query
 *       on a query endpoint → 400.</li>
 * </ul>
 * Spring's own web errors (unreadable body, unsupported media type...) keep the problem details of
 * {@link ResponseEntityExceptionHandler}. Every problem detail is written as {@code application/problem+json}, also
 * when the request accepted only a stream format ({@code text/event-stream} would otherwise frame it as an event).
 */
@RestControllerAdvice
public class ProblemDetails extends ResponseEntityExceptionHandler {

  private static final Set<String> NOT_FOUND_CLASSES = Set.of("TABLE_OR_VIEW_NOT_FOUND", "PATH_NOT_FOUND",
      "DELTA_TABLE_NOT_FOUND", "DELTA_MISSING_DELTA_TABLE", "DELTA_PATH_DOES_NOT_EXIST", "SCHEMA_NOT_FOUND");

  private final WebServiceProperties properties;

  /**
   * Created by Spring.
   *
   * @param properties the service's settings (Retry-After)
   */
  public ProblemDetails(WebServiceProperties properties) {
    this.properties = properties;
  }

  /**
   * A Spark error, a refused statement or an unknown name as a problem detail.
   *
   * @param e the error
   * @return the problem detail response
   */
  @ExceptionHandler({SparkConnectException.class, QueryGuard.NotAQueryException.class,
      Datasets.NotFoundException.class, BadRequestException.class})
  public ResponseEntity<ProblemDetail> handle(Exception e) {
    return problemOf(e);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
      HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
    ProblemDetail body = ex.getBody();
    List<Map<String, @Nullable Object>> errors = ex.getFieldErrors().stream()
        .map(f -> Map.<String, @Nullable Object>of("field", f.getField(), "message", message(f)))
        .toList();
    body.setDetail("Invalid request: " + String.join(", ",
        ex.getFieldErrors().stream().map(f -> f.getField() + " " + message(f)).toList()));
    body.setProperty("errors", errors);
    return handleExceptionInternal(ex, body, headers, status, exchange);
  }

  /** Every problem detail as {@code application/problem+json}, whatever the request accepted (a stream format). */
  @Override
  protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, HttpHeaders headers,
      HttpStatusCode status, ServerWebExchange exchange) {
    HttpHeaders withType = new HttpHeaders();
    withType.putAll(headers);
    if (body instanceof ProblemDetail) {
      withType.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
    return super.createResponseEntity(body, withType, status, exchange);
  }

  private static String message(FieldError f) {
    return f.getDefaultMessage() == null ? "is invalid" : f.getDefaultMessage();
  }

  /**
   * The problem detail of an error (also written into the {@code error} event of a broken SSE stream).
   *
   * @param e the error
   * @return status, headers and body
   */
  ResponseEntity<ProblemDetail> problemOf(Throwable e) {
    if (e instanceof QueryGuard.NotAQueryException) {
      return response(problem(HttpStatus.BAD_REQUEST, "Not a query", e.getMessage(), "not-a-query"));
    }
    if (e instanceof Datasets.NotFoundException) {
      return response(problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), "not-found"));
    }
    if (e instanceof BadRequestException) {
      return response(problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage(), "bad-request"));
    }
    if (e instanceof SparkConnectException spark) {
      if (unreachable(spark)) {
        ProblemDetail body = problem(HttpStatus.SERVICE_UNAVAILABLE, "Spark server unavailable",
            "The Spark Connect server cannot be reached: " + spark.getMessage(), "spark-unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, properties.getRetryAfter().toSeconds())))
            .body(body);
      }
      String errorClass = spark.errorClass();
      HttpStatus status = errorClass != null && NOT_FOUND_CLASSES.contains(errorClass)
          ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
      ProblemDetail body = problem(status, status == HttpStatus.NOT_FOUND ? "Not found" : "Spark error",
          spark.getMessage(), "spark-error");
      if (errorClass != null) {
        body.setProperty("errorClass", errorClass);
      }
      if (spark.sqlState() != null) {
        body.setProperty("sqlState", spark.sqlState());
      }
      if (!spark.messageParameters().isEmpty()) {
        body.setProperty("messageParameters", spark.messageParameters());
      }
      return response(body);
    }
    return response(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", String.valueOf(e.getMessage()),
        "internal"));
  }

  private static boolean unreachable(SparkConnectException e) {
    if (e.statusCode() == StatusCode.UNAVAILABLE) {
      return true;
    }
    if (e instanceof RetriesExceededException) {
      return true;
    }
    return e.getCause() instanceof SparkConnectException cause && cause.statusCode() == StatusCode.UNAVAILABLE;
  }

  private static ProblemDetail problem(HttpStatus status, String title, @Nullable String detail, String type) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail == null ? title : detail);
    body.setTitle(title);
    body.setType(URI.create("/problems/" + type));
    return body;
  }

  private static ResponseEntity<ProblemDetail> response(ProblemDetail body) {
    return ResponseEntity.status(body.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }

  /** A request that is well-formed JSON but cannot be carried out as asked: answered with 400. */
  public static final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the field */
    public BadRequestException(String message) {
      super(message);
    }
  }
}
