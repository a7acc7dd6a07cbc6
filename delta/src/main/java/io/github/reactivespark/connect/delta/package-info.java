/**
 * Delta Lake from Java over Spark Connect, with no Delta and no Spark jar on the client: {@link DeltaTable} (modelled
 * on Delta's Scala/Python {@code io.delta.tables.DeltaTable}) and its builders, every action a cold {@code Mono} or
 * {@code Flux} that runs Spark SQL or DataFrame commands against a server that has Delta Lake (Delta's SQL extension
 * and catalog, for example the embedded server's {@code LocalServerOptions.Builder#delta()}).
 *
 * <p>Delta's own Spark Connect plugin is not on Maven Central for Spark 4.1, so nothing here uses its protocol
 * extension: statements are Spark SQL ({@code DESCRIBE HISTORY}, {@code DESCRIBE DETAIL}, {@code UPDATE},
 * {@code DELETE}, {@code MERGE INTO}, {@code RESTORE}, {@code VACUUM}, {@code OPTIMIZE}, {@code CREATE TABLE ...
 * CLONE}, {@code ALTER TABLE}) and reads are DataFrames ({@code format("delta")}, {@code versionAsOf}). How values
 * and names reach that SQL without changing its structure is described in the module's {@code README.md}
 * ("SQL safety"): names are always back-quoted, Columns are rendered from their expression trees with typed
 * literals, SQL strings are checked to stay one expression.
 */
@NullMarked
package io.github.reactivespark.connect.delta;

import org.jspecify.annotations.NullMarked;
