/**
 * Arrow record batches to Java values: the decoding side of {@code ExecutePlanResponse.arrow_batch}. Not API.
 */
@NullMarked
package io.github.reactivespark.connect.internal.arrow;

import org.jspecify.annotations.NullMarked;
