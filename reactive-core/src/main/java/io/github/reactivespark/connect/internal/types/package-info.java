/**
 * Conversions between the public {@code io.github.reactivespark.connect.types} model and the Spark Connect
 * protocol messages. Not API.
 */
@NullMarked
package io.github.reactivespark.connect.internal.types;

import org.jspecify.annotations.NullMarked;
