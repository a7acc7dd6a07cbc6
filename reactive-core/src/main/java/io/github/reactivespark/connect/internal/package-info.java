/**
 * {@link io.github.reactivespark.connect.internal.ConnectInternals}, the one seam of this project's other modules
 * into reactive-core. Not API.
 */
@NullMarked
package io.github.reactivespark.connect.internal;

import org.jspecify.annotations.NullMarked;
