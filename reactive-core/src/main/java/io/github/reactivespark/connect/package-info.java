/**
 * The public API of the Reactive Spark Connect client.
 */
@NullMarked
package io.github.reactivespark.connect;

import org.jspecify.annotations.NullMarked;
