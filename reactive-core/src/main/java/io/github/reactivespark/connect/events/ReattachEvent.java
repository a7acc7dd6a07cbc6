package io.github.reactivespark.connect.events;

import org.jspecify.annotations.Nullable;

/**
 * A query's responses are resumed with {@code ReattachExecute}.
 *
 * @param sessionId the client-side session id
 * @param operationId the operation
 * @param lastResponseId the id of the last response received, after which the server resumes; {@code null} when
 *     none had arrived
 * @param reattach the reattach's number within the operation, from 1
 * @since 0.1.0
 */
public record ReattachEvent(String sessionId, String operationId, @Nullable String lastResponseId, int reattach) {}
