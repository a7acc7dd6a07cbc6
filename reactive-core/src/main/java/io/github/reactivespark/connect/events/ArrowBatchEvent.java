package io.github.reactivespark.connect.events;

/**
 * One Arrow record batch of a query's result arrived whole: a batch sent in one response, or the last chunk of a
 * batch sent in chunks (Spark 4.1 result chunking; a reattach may fall between its chunks).
 *
 * @param sessionId the client-side session id
 * @param operationId the operation it belongs to
 * @param rows the batch's row count (as the server declares it)
 * @param arrowBytes its Arrow IPC bytes (all chunks), in bytes
 * @param chunks the responses it came in (1 without chunking)
 * @since 0.1.0
 */
public record ArrowBatchEvent(String sessionId, String operationId, long rows, long arrowBytes, int chunks) {}
