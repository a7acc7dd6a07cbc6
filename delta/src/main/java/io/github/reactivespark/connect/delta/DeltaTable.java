package io.github.reactivespark.connect.delta;

import static io.github.reactivespark.connect.functions.expr;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.DataFrameReader;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A Delta Lake table, by path or by catalog name, and the operations of Delta's {@code io.delta.tables.DeltaTable}
 * (Scala {@code spark/src/main/scala/io/delta/tables/DeltaTable.scala}, Python {@code delta/tables.py}) over Spark
 * Connect. The server must have Delta Lake (its SQL extension and catalog); nothing of Delta or Spark runs here.
 *
 * <pre>{@code
 * DeltaTable flights = DeltaTable.forName(spark, "flights").block();
 * MergeMetrics m = flights.as("t")
 *     .merge(corrections.as("c"), col("t.id").equalTo(col("c.id")))
 *     .whenMatched().updateAll()
 *     .whenNotMatched().insertAll()
 *     .execute().block();
 * flights.history(5).doOnNext(c -> System.out.println(c.version() + " " + c.operation())).blockLast();
 * }</pre>
 *
 * <p><b>Immutable and cheap</b>: an instance is the table's identifier, its session and an optional alias; building
 * one with {@link #as} does no I/O. <b>Every action is cold</b>: each subscription runs its statement once on the
 * server (one {@code ExecutePlan}), and cancelling interrupts it there. Results are small rows, read in full
 * (nothing to close). Statements are Spark SQL built by this module's SQL renderer (names always back-quoted,
 * {@link Column}s rendered with typed literals, SQL strings checked to stay one expression: see the module
 * {@code README.md}), because Delta's SQL extension makes Spark 4.1.2 drop parameter markers.
 *
 * <p><b>Errors</b> are the server's, typed as the client types them: an action on a path that holds no Delta table
 * emits {@code AnalysisException} with error class {@code DELTA_MISSING_DELTA_TABLE}; time travel beyond the history
 * {@code DELTA_VERSION_NOT_FOUND}, {@code DELTA_TIMESTAMP_GREATER_THAN_COMMIT} or
 * {@code DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION}; a merge whose source matches a target row more than once
 * {@code DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE}, leaving the table unchanged; a bad condition
 * {@code AnalysisException}/{@code ParseException}. Arguments are checked when the method is called
 * ({@link IllegalArgumentException} for a malformed name, an unrenderable Column, a SQL string that would not stay one
 * expression).
 *
 * @since 0.1.0
 */
public final class DeltaTable {

  private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/.*");
  /** Error classes that mean "no Delta table at this path" (DESCRIBE DETAIL of a missing directory fails). */
  private static final List<String> NOT_THERE = List.of("DELTA_FILE_NOT_FOUND", "DELTA_MISSING_DELTA_TABLE",
      "PATH_NOT_FOUND", "DELTA_PATH_DOES_NOT_EXIST");
  private static final Pattern FEATURE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  private final SparkSession spark;
  private final @Nullable String path;
  private final @Nullable String name;
  /** The table as SQL: {@code delta.`/path`} or {@code `db`.`t`}. */
  private final String identifier;
  private final @Nullable String alias;

  private DeltaTable(SparkSession spark, @Nullable String path, @Nullable String name, @Nullable String alias) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.path = path;
    this.name = name;
    this.identifier = path != null ? SqlText.pathIdentifier(path) : SqlText.qualifiedName(Objects.requireNonNull(name));
    this.alias = alias;
  }

  static DeltaTable ofPath(SparkSession spark, String path) {
    return new DeltaTable(spark, Objects.requireNonNull(path, "path"), null, null);
  }

  static DeltaTable ofName(SparkSession spark, String name) {
    return new DeltaTable(spark, null, Objects.requireNonNull(name, "name"), null);
  }

  /** A table named either by an absolute path or URI ({@code /x}, {@code s3a://b/x}) or by a catalog name. */
  static DeltaTable ofPathOrName(SparkSession spark, String target) {
    return target.startsWith("/") || URI_SCHEME.matcher(target).matches() ? ofPath(spark, target)
        : ofName(spark, target);
  }

  // ---------------------------------------------------------------- finding tables

  /**
   * The Delta table at {@code path} (a path on the server, or a URI its file systems know). Cold: each subscription
   * checks the table with {@code DESCRIBE DETAIL} and emits the table, or {@code AnalysisException}
   * ({@code DELTA_MISSING_DELTA_TABLE}) if the path holds no Delta table (also when it does not exist).
   *
   * @param spark the session the table's actions run in
   * @param path the table's directory
   * @return a Mono of the table
   * @throws IllegalArgumentException if {@code path} is empty
   */
  public static Mono<DeltaTable> forPath(SparkSession spark, String path) {
    DeltaTable table = ofPath(spark, path);
    return table.detail().thenReturn(table);
  }

  /**
   * The Delta table of the catalog named {@code tableOrViewName} ({@code t}, {@code db.t}, {@code cat.db.t}; parts with
   * other characters than letters, digits and {@code _} back-quoted). Cold: each subscription checks the table with
   * {@code DESCRIBE DETAIL} and emits the table; {@code AnalysisException} with {@code TABLE_OR_VIEW_NOT_FOUND} if
   * there is no such table, with {@code DELTA_MISSING_DELTA_TABLE} if it is not a Delta table.
   *
   * @param spark the session
   * @param tableOrViewName the name
   * @return a Mono of the table
   * @throws IllegalArgumentException if the name is malformed
   */
  public static Mono<DeltaTable> forName(SparkSession spark, String tableOrViewName) {
    DeltaTable table = ofName(spark, tableOrViewName);
    return table.detail().flatMap(d -> "delta".equalsIgnoreCase(d.format()) ? Mono.just(table)
        // DESCRIBE DETAIL answers for a non-Delta table too; DESCRIBE HISTORY has Delta's own error for it.
        : table.history(1).then(Mono.error(() -> new IllegalStateException(tableOrViewName + " has format "
            + d.format() + " but the server described its history"))));
  }

  /**
   * Whether {@code path} holds a Delta table, as Delta's {@code DeltaTable.isDeltaTable(spark, path)}. Cold; one
   * {@code DESCRIBE DETAIL '<path>'} per subscription; emits {@code true} or {@code false} (also for a path that does
   * not exist); other errors (an unreachable server, a denied file system) are emitted as they are.
   *
   * @param spark the session
   * @param path a path on the server
   * @return a Mono of the answer
   */
  public static Mono<Boolean> isDeltaTable(SparkSession spark, String path) {
    Objects.requireNonNull(path, "path");
    String sql = "DESCRIBE DETAIL " + SqlText.stringLiteral(path);
    return Mono.defer(() -> spark.sql(sql).collectAsList())
        .map(rows -> !rows.isEmpty() && "delta".equalsIgnoreCase(Rows.string(rows.get(0), "format")))
        .onErrorResume(SparkConnectException.class, e -> NOT_THERE.stream().anyMatch(c -> c.equals(e.errorClass())
            || String.valueOf(e.getMessage()).contains("[" + c + "]")) ? Mono.just(false) : Mono.error(e));
  }

  /**
   * A builder that creates a new Delta table ({@code CREATE TABLE}); its {@code execute()} fails with
   * {@code TableAlreadyExistsException} if it exists.
   *
   * @param spark the session
   * @return a new builder
   */
  public static DeltaTableBuilder create(SparkSession spark) {
    return new DeltaTableBuilder(spark, DeltaTableBuilder.Mode.CREATE);
  }

  /**
   * A builder that creates a Delta table unless it exists ({@code CREATE TABLE IF NOT EXISTS}).
   *
   * @param spark the session
   * @return a new builder
   */
  public static DeltaTableBuilder createIfNotExists(SparkSession spark) {
    return new DeltaTableBuilder(spark, DeltaTableBuilder.Mode.CREATE_IF_NOT_EXISTS);
  }

  /**
   * A builder that replaces an existing Delta table ({@code REPLACE TABLE}: a new version with the new schema, the
   * history kept); {@code execute()} fails if the table does not exist.
   *
   * @param spark the session
   * @return a new builder
   */
  public static DeltaTableBuilder replace(SparkSession spark) {
    return new DeltaTableBuilder(spark, DeltaTableBuilder.Mode.REPLACE);
  }

  /**
   * A builder that replaces the table or creates it ({@code CREATE OR REPLACE TABLE}).
   *
   * @param spark the session
   * @return a new builder
   */
  public static DeltaTableBuilder createOrReplace(SparkSession spark) {
    return new DeltaTableBuilder(spark, DeltaTableBuilder.Mode.CREATE_OR_REPLACE);
  }

  // ---------------------------------------------------------------- the table as data

  /**
   * This table under an alias, for conditions of {@link #merge}, {@link #update} and {@link #delete} that name the
   * target ({@code t.id}), as SQL's {@code table AS alias}.
   *
   * @param alias the alias
   * @return a new instance; no I/O
   */
  public DeltaTable as(String alias) {
    return new DeltaTable(spark, path, name, Objects.requireNonNull(alias, "alias"));
  }

  /**
   * Same as {@link #as(String)}.
   *
   * @param alias the alias
   * @return a new instance; no I/O
   */
  public DeltaTable alias(String alias) {
    return as(alias);
  }

  /**
   * The table's current version as a DataFrame ({@code spark.read().format("delta").load(path)} or
   * {@code spark.table(name)}), under this instance's alias if any. Lazy.
   *
   * @return a DataFrame of the table's rows
   */
  public DataFrame toDF() {
    return aliased(reader().format("delta"));
  }

  /**
   * The table as of a version of its history ({@code versionAsOf}). Lazy; an action on it emits
   * {@code AnalysisException} ({@code DELTA_VERSION_NOT_FOUND}, naming the available versions) for a version the
   * history does not have.
   *
   * @param version a version number from {@link #history()}
   * @return a DataFrame of that version's rows
   */
  public DataFrame versionAsOf(long version) {
    return aliased(reader().format("delta").versionAsOf(version));
  }

  /**
   * The table as of a point in time ({@code timestampAsOf}): the latest version committed at or before it. Lazy;
   * an action emits {@code AnalysisException} ({@code DELTA_TIMESTAMP_GREATER_THAN_COMMIT} after the last commit,
   * {@code DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION} before the first one kept).
   *
   * @param timestamp the instant
   * @return a DataFrame of that version's rows
   */
  public DataFrame timestampAsOf(Instant timestamp) {
    return aliased(reader().format("delta").timestampAsOf(timestamp));
  }

  /**
   * As {@link #timestampAsOf(Instant)}, with a timestamp or date string as Delta takes it ({@code "2026-12-01"},
   * {@code "2026-12-01 10:15:00"}, read in the session time zone unless it names an offset).
   *
   * @param timestamp the timestamp
   * @return a DataFrame of that version's rows
   */
  public DataFrame timestampAsOf(String timestamp) {
    return aliased(reader().format("delta").timestampAsOf(timestamp));
  }

  private DataFrameReader reader() {
    return spark.read();
  }

  private DataFrame aliased(DataFrameReader reader) {
    DataFrame df = path != null ? reader.load(path) : reader.table(Objects.requireNonNull(name));
    return alias == null ? df : df.alias(alias);
  }

  /**
   * The table's commits, newest first ({@code DESCRIBE HISTORY}). Cold; one statement per subscription; emits each
   * commit, then completes.
   *
   * @return a Flux of commits
   */
  public Flux<DeltaCommit> history() {
    return statement("DESCRIBE HISTORY " + identifier).flatMapIterable(rows -> rows).map(DeltaCommit::of);
  }

  /**
   * The table's latest {@code limit} commits, newest first ({@code DESCRIBE HISTORY ... LIMIT n}).
   *
   * @param limit how many commits, at least 1
   * @return a Flux of at most {@code limit} commits
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  public Flux<DeltaCommit> history(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("history(limit) needs limit >= 1, got " + limit);
    }
    return statement("DESCRIBE HISTORY " + identifier + " LIMIT " + limit).flatMapIterable(rows -> rows)
        .map(DeltaCommit::of);
  }

  /**
   * The table's details ({@code DESCRIBE DETAIL}): format, location, partitioning, file count and size, properties,
   * protocol versions and features. Cold; one statement per subscription.
   *
   * @return a Mono of the details
   */
  public Mono<DeltaTableDetail> detail() {
    return statement("DESCRIBE DETAIL " + identifier).map(rows -> {
      if (rows.size() != 1) {
        throw new IllegalStateException("DESCRIBE DETAIL returned " + rows.size() + " rows");
      }
      return DeltaTableDetail.of(rows.get(0));
    });
  }

  // ---------------------------------------------------------------- row-level changes

  /**
   * Deletes every row ({@code DELETE FROM}). Cold; one statement per subscription.
   *
   * @return a Mono of the number of rows deleted
   */
  public Mono<Long> delete() {
    return affectedRows("DELETE FROM " + target());
  }

  /**
   * Deletes the rows for which {@code condition} holds ({@code DELETE FROM ... WHERE}).
   *
   * @param condition a SQL boolean expression (as Delta's {@code delete(String)}; checked to stay one expression)
   * @return a Mono of the number of rows deleted
   * @throws IllegalArgumentException if the text would not stay one expression
   */
  public Mono<Long> delete(String condition) {
    return delete(expr(condition));
  }

  /**
   * Deletes the rows for which {@code condition} holds.
   *
   * @param condition a boolean Column (names of the table's columns, literals, operators, functions)
   * @return a Mono of the number of rows deleted
   * @throws IllegalArgumentException if the Column has no SQL form (UDFs, windows, subqueries, ...)
   */
  public Mono<Long> delete(Column condition) {
    return affectedRows("DELETE FROM " + target() + " WHERE " + SqlText.expression(condition));
  }

  /**
   * Updates every row ({@code UPDATE ... SET}).
   *
   * @param set target column name (nested: {@code a.b}) to its new value
   * @return a Mono of the number of rows updated
   * @throws IllegalArgumentException if {@code set} is empty or a value has no SQL form
   */
  public Mono<Long> update(Map<String, Column> set) {
    return affectedRows("UPDATE " + target() + " SET " + assignments(set));
  }

  /**
   * Updates the rows for which {@code condition} holds ({@code UPDATE ... SET ... WHERE}).
   *
   * @param condition a boolean Column
   * @param set target column name to its new value
   * @return a Mono of the number of rows updated
   * @throws IllegalArgumentException if {@code set} is empty or an expression has no SQL form
   */
  public Mono<Long> update(Column condition, Map<String, Column> set) {
    return affectedRows("UPDATE " + target() + " SET " + assignments(set) + " WHERE "
        + SqlText.expression(condition));
  }

  /**
   * Updates every row, with the new values as SQL expressions ({@code "amount * 2"}), as Delta's
   * {@code updateExpr(Map)}.
   *
   * @param set target column name to a SQL expression
   * @return a Mono of the number of rows updated
   * @throws IllegalArgumentException if {@code set} is empty or an expression would not stay one expression
   */
  public Mono<Long> updateExpr(Map<String, String> set) {
    return update(expressions(set));
  }

  /**
   * Updates the rows for which the SQL {@code condition} holds, as Delta's {@code updateExpr(String, Map)}.
   *
   * @param condition a SQL boolean expression
   * @param set target column name to a SQL expression
   * @return a Mono of the number of rows updated
   * @throws IllegalArgumentException if a text would not stay one expression
   */
  public Mono<Long> updateExpr(String condition, Map<String, String> set) {
    return update(expr(condition), expressions(set));
  }

  /**
   * Starts a merge of {@code source} into this table ({@code MERGE INTO}); add clauses to the returned builder and
   * run it with {@link DeltaMergeBuilder#execute()}.
   *
   * @param source the rows to merge, from this table's session; give it an alias ({@code source.as("s")}) to name
   *     its columns in conditions
   * @param condition the SQL join condition, as Delta's {@code merge(DataFrame, String)}
   * @return a new builder; no I/O
   * @throws IllegalArgumentException if the source belongs to another session or the text would not stay one
   *     expression
   */
  public DeltaMergeBuilder merge(DataFrame source, String condition) {
    return merge(source, expr(condition));
  }

  /**
   * Starts a merge of {@code source} into this table, joined on {@code condition}.
   *
   * @param source the rows to merge, from this table's session
   * @param condition the join condition, a Column naming target columns through this table's alias and source
   *     columns through the source's alias
   * @return a new builder; no I/O
   * @throws IllegalArgumentException if the source belongs to another session or the Column has no SQL form
   */
  public DeltaMergeBuilder merge(DataFrame source, Column condition) {
    return new DeltaMergeBuilder(this, source, condition);
  }

  // ---------------------------------------------------------------- maintenance

  /**
   * Deletes files no longer needed by versions younger than the default retention (7 days; {@code VACUUM}). Cold;
   * completes when done.
   *
   * @return a Mono that completes empty
   */
  public Mono<Void> vacuum() {
    return statement("VACUUM " + identifier).then();
  }

  /**
   * Deletes files no longer needed by versions younger than {@code retentionHours} ({@code VACUUM ... RETAIN n HOURS}).
   * Below Delta's safety threshold (168 hours, unless the session sets
   * {@code spark.databricks.delta.retentionDurationCheck.enabled=false}) it emits
   * {@code SparkIllegalArgumentException} ({@code DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT}).
   *
   * @param retentionHours hours, not negative
   * @return a Mono that completes empty
   * @throws IllegalArgumentException if the retention is negative or not finite
   */
  public Mono<Void> vacuum(double retentionHours) {
    if (!(retentionHours >= 0) || Double.isInfinite(retentionHours)) {
      throw new IllegalArgumentException("vacuum needs a retention of 0 or more hours, got " + retentionHours);
    }
    return statement("VACUUM " + identifier + " RETAIN " + BigDecimal.valueOf(retentionHours).toPlainString()
        + " HOURS").then();
  }

  /**
   * As {@link #vacuum(double)}, the retention as a {@link Duration} (to the millisecond).
   *
   * @param retention not negative
   * @return a Mono that completes empty
   */
  public Mono<Void> vacuum(Duration retention) {
    return vacuum(retention.toMillis() / 3_600_000.0);
  }

  /**
   * Restores the table to an earlier version ({@code RESTORE TABLE ... TO VERSION AS OF}): a new commit whose data
   * is that version's. Emits {@code AnalysisException} ({@code DELTA_VERSION_NOT_FOUND}) beyond the history.
   *
   * @param version a version of {@link #history()}
   * @return a Mono of the restore's metrics
   */
  public Mono<RestoreMetrics> restoreToVersion(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("A version is 0 or more, got " + version);
    }
    return restore("VERSION AS OF " + version);
  }

  /**
   * Restores the table to the version current at {@code timestamp} ({@code RESTORE TABLE ... TO TIMESTAMP AS OF}).
   *
   * @param timestamp a timestamp or date string as Delta takes it
   * @return a Mono of the restore's metrics
   */
  public Mono<RestoreMetrics> restoreToTimestamp(String timestamp) {
    return restore("TIMESTAMP AS OF " + SqlText.stringLiteral(Objects.requireNonNull(timestamp, "timestamp")));
  }

  /**
   * Restores the table to the version current at {@code timestamp}.
   *
   * @param timestamp the instant (sent in UTC, to the microsecond)
   * @return a Mono of the restore's metrics
   */
  public Mono<RestoreMetrics> restoreToTimestamp(Instant timestamp) {
    return restoreToTimestamp(SqlText.timestamp(timestamp));
  }

  private Mono<RestoreMetrics> restore(String clause) {
    return statement("RESTORE TABLE " + identifier + " TO " + clause).map(rows -> RestoreMetrics.of(single(rows)));
  }

  /**
   * Starts an {@code OPTIMIZE} of the table's files: compaction or Z-ordering, optionally of some partitions.
   *
   * @return a new builder; no I/O
   */
  public DeltaOptimizeBuilder optimize() {
    return new DeltaOptimizeBuilder(this);
  }

  /**
   * A shallow clone of the table's current version ({@code CREATE TABLE target SHALLOW CLONE this}): a new table
   * whose metadata is copied and whose files are this table's.
   *
   * @param target the clone's table name, or an absolute path / URI for a clone by path
   * @param isShallow must be {@code true}: open-source Delta Lake has no deep clone (its SQL does not parse
   *     {@code DEEP CLONE}; {@code DeltaTableIT} shows it)
   * @return a Mono of the clone, after the server made it
   * @throws IllegalArgumentException if {@code isShallow} is false or the target name is malformed
   */
  public Mono<DeltaTable> clone(String target, boolean isShallow) {
    return clone(target, isShallow, false, Map.of());
  }

  /**
   * A clone of the table's current version, replacing the target if {@code replace}, with table properties.
   *
   * @param target the clone's table name, or an absolute path / URI
   * @param isShallow must be {@code true} (see {@link #clone(String, boolean)})
   * @param replace {@code CREATE OR REPLACE TABLE} instead of {@code CREATE TABLE}
   * @param properties table properties of the clone
   * @return a Mono of the clone
   */
  public Mono<DeltaTable> clone(String target, boolean isShallow, boolean replace, Map<String, String> properties) {
    return cloneOf("", target, isShallow, replace, properties);
  }

  /**
   * A clone of the table as of {@code version}.
   *
   * @param version the version to clone
   * @param target the clone's table name, or an absolute path / URI
   * @param isShallow must be {@code true}
   * @param replace replace an existing target
   * @param properties table properties of the clone
   * @return a Mono of the clone
   */
  public Mono<DeltaTable> cloneAtVersion(long version, String target, boolean isShallow, boolean replace,
      Map<String, String> properties) {
    return cloneOf(" VERSION AS OF " + version, target, isShallow, replace, properties);
  }

  /**
   * A clone of the table as of {@code timestamp}.
   *
   * @param timestamp a timestamp or date string as Delta takes it
   * @param target the clone's table name, or an absolute path / URI
   * @param isShallow must be {@code true}
   * @param replace replace an existing target
   * @param properties table properties of the clone
   * @return a Mono of the clone
   */
  public Mono<DeltaTable> cloneAtTimestamp(String timestamp, String target, boolean isShallow, boolean replace,
      Map<String, String> properties) {
    return cloneOf(" TIMESTAMP AS OF " + SqlText.stringLiteral(timestamp), target, isShallow, replace, properties);
  }

  private Mono<DeltaTable> cloneOf(String asOf, String target, boolean isShallow, boolean replace,
      Map<String, String> properties) {
    if (!isShallow) {
      throw new IllegalArgumentException("Open-source Delta Lake supports only shallow clones (DEEP CLONE does not"
          + " parse on Delta 4.3.1): pass isShallow=true");
    }
    DeltaTable clone = ofPathOrName(spark, Objects.requireNonNull(target, "target"));
    String sql = (replace ? "CREATE OR REPLACE TABLE " : "CREATE TABLE ") + clone.identifier + " SHALLOW CLONE "
        + identifier + asOf + (properties.isEmpty() ? "" : " TBLPROPERTIES " + SqlText.properties(properties));
    return statement(sql).thenReturn(clone);
  }

  /**
   * Raises the table's protocol to at least these versions ({@code ALTER TABLE ... SET TBLPROPERTIES
   * ('delta.minReaderVersion', 'delta.minWriterVersion')}), as Delta's {@code upgradeTableProtocol}. Protocols only
   * go up: asking for lower versions than the table has changes nothing.
   *
   * @param readerVersion minimum reader version (1 to 3)
   * @param writerVersion minimum writer version (1 to 7)
   * @return a Mono that completes when committed
   */
  public Mono<Void> upgradeTableProtocol(int readerVersion, int writerVersion) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("delta.minReaderVersion", Integer.toString(readerVersion));
    p.put("delta.minWriterVersion", Integer.toString(writerVersion));
    return statement("ALTER TABLE " + identifier + " SET TBLPROPERTIES " + SqlText.properties(p)).then();
  }

  /**
   * Adds a table feature to the protocol ({@code 'delta.feature.<name>' = 'supported'}), as Delta's
   * {@code addFeatureSupport}: for example {@code deletionVectors}, {@code typeWidening}, {@code variantType}.
   * An unknown feature emits Delta's {@code DELTA_UNSUPPORTED_FEATURES_IN_CONFIG}.
   *
   * @param featureName the feature's name
   * @return a Mono that completes when committed
   * @throws IllegalArgumentException if the name is not a plain feature name
   */
  public Mono<Void> addFeatureSupport(String featureName) {
    checkFeature(featureName);
    return statement("ALTER TABLE " + identifier + " SET TBLPROPERTIES "
        + SqlText.properties(Map.of("delta.feature." + featureName, "supported"))).then();
  }

  /**
   * Removes a table feature ({@code ALTER TABLE ... DROP FEATURE}), as Delta's {@code dropFeatureSupport}; Delta
   * refuses features still in use or whose traces remain in the history.
   *
   * @param featureName the feature's name
   * @param truncateHistory also truncate the history that still references it ({@code TRUNCATE HISTORY})
   * @return a Mono that completes when committed
   */
  public Mono<Void> dropFeatureSupport(String featureName, boolean truncateHistory) {
    checkFeature(featureName);
    return statement("ALTER TABLE " + identifier + " DROP FEATURE " + SqlText.stringLiteral(featureName)
        + (truncateHistory ? " TRUNCATE HISTORY" : "")).then();
  }

  private static void checkFeature(String featureName) {
    if (!FEATURE_NAME.matcher(Objects.requireNonNull(featureName, "featureName")).matches()) {
      throw new IllegalArgumentException("Not a Delta table feature name: '" + featureName + "'");
    }
  }

  // ---------------------------------------------------------------- plumbing

  /** The session this table's actions run in. */
  public SparkSession sparkSession() {
    return spark;
  }

  /** The table's path, or null for a table known by name. */
  @Nullable String path() {
    return path;
  }

  /** The table's name as given, or null for a table known by path. */
  @Nullable String name() {
    return name;
  }

  /** The table as SQL ({@code delta.`/path`} or {@code `db`.`t`}), for this package's statements. */
  String identifier() {
    return identifier;
  }

  /** The table as a DML target: the identifier and its alias. */
  String target() {
    return alias == null ? identifier : identifier + " AS " + SqlText.identifier(alias);
  }

  /** One statement per subscription; its result rows. */
  Mono<List<Row>> statement(String sql) {
    return Mono.defer(() -> spark.sql(sql).collectAsList());
  }

  private Mono<Long> affectedRows(String sql) {
    return statement(sql).map(rows -> Rows.longOrZero(single(rows), "num_affected_rows"));
  }

  static Row single(List<Row> rows) {
    if (rows.size() != 1) {
      throw new IllegalStateException("Expected one result row, the server returned " + rows.size());
    }
    return rows.get(0);
  }

  /** {@code `a` = value, `b`.`c` = value}. */
  static String assignments(Map<String, Column> set) {
    if (Objects.requireNonNull(set, "set").isEmpty()) {
      throw new IllegalArgumentException("No column to set");
    }
    return set.entrySet().stream().map(e -> SqlText.qualifiedName(Objects.requireNonNull(e.getKey(), "column"))
        + " = " + SqlText.expression(Objects.requireNonNull(e.getValue(), "value of " + e.getKey())))
        .collect(Collectors.joining(", "));
  }

  static Map<String, Column> expressions(Map<String, String> set) {
    Map<String, Column> out = new LinkedHashMap<>();
    Objects.requireNonNull(set, "set").forEach((k, v) -> out.put(k, expr(Objects.requireNonNull(v, k))));
    return out;
  }

  /** The table's identity and alias, for example {@code DeltaTable[delta.`/data/t` AS `t`]}. */
  @Override
  public String toString() {
    return "DeltaTable[" + target() + "]";
  }
}
