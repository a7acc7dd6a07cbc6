/**
 * The stateful streaming sample's server-side code: the flight and per-airport state beans and the
 * {@code mapGroupsWithState} function that keeps each origin airport's streak of delayed departures. These classes
 * reference only Spark's API and the JDK: the server deserializes the function through them.
 */
@NullMarked
package io.github.reactivespark.connect.samples.stateful;

import org.jspecify.annotations.NullMarked;
