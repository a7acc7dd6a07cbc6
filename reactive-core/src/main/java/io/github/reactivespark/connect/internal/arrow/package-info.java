/**
 * All Arrow decoding of results: {@code ExecutePlanResponse.arrow_batch} (whole or in 4.1 chunks) to Arrow record
 * batches ({@link io.github.reactivespark.connect.internal.arrow.ArrowBatchAssembler}), and record batches to Java
 * values ({@link io.github.reactivespark.connect.internal.arrow.ArrowRows}). The public {@code ArrowBatch} and
 * {@code Row} are made through factories they pass in, so this package names neither. Not API.
 */
@NullMarked
package io.github.reactivespark.connect.internal.arrow;

import org.jspecify.annotations.NullMarked;
