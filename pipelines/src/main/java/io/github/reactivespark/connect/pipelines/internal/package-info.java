/**
 * Internals of the pipelines module: the one adapter to the session's plumbing ({@code ConnectAdapter}), the
 * protocol messages ({@code PipelineCommands}) and the run's lifecycle ({@code PipelineRunner}). <b>Not an API</b>:
 * these types may change in any release.
 */
@NullMarked
package io.github.reactivespark.connect.pipelines.internal;

import org.jspecify.annotations.NullMarked;
