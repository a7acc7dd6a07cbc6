/**
 * Internals of the streaming module: command plumbing and the hook through which the listeners module learns of
 * query starts. <b>Not an API</b>; may change in any release.
 */
@NullMarked
package io.github.reactivespark.connect.streaming.internal;

import org.jspecify.annotations.NullMarked;
