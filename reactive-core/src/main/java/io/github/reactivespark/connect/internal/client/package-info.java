/**
 * Transport internals: the gRPC seam, reattachable execution, retry and error conversion. Not API: nothing
 * outside {@code reactive-core} may use these types except through the documented seams named in their javadoc.
 */
@NullMarked
package io.github.reactivespark.connect.internal.client;

import org.jspecify.annotations.NullMarked;
