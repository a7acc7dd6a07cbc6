package io.github.reactivespark.connect.events;

/**
 * One streamed response of a query arrived.
 *
 * @param sessionId the client-side session id
 * @param operationId the operation it belongs to
 * @param rpc the call that delivered it: {@code ExecutePlan} or {@code ReattachExecute}
 * @param type what it carries, named as in {@code ExecutePlanResponse}'s {@code response_type}: for example
 *     {@code arrow_batch}, {@code execution_progress}, {@code result_complete}, {@code sql_command_result}; or
 *     {@code schema}, {@code metrics}, {@code observed_metrics} for a response with only that; {@code none} otherwise
 * @param bytes its serialized size, in bytes
 * @since 0.1.0
 */
public record ResponseEvent(String sessionId, String operationId, String rpc, String type, int bytes) {}
