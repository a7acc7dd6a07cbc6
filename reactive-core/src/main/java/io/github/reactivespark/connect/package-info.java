/**
 * The public client API: sessions, DataFrames and result rows.
 */
@NullMarked
package io.github.reactivespark.connect;

import org.jspecify.annotations.NullMarked;
