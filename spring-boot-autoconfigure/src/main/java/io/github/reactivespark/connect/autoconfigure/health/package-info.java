/**
 * The reactive health indicator of the auto-configured session: a bounded {@code version()} round trip.
 */
@NullMarked
package io.github.reactivespark.connect.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
