/**
 * A Spring Boot 4 WebFlux service over Spark Connect, the reactive successor of a Python web backend that ran Spark
 * in-process: Parquet queries and rewrites and Delta reads, updates, deletes, merges and history over the flights
 * and airports of npm {@code vega-datasets@3.2.1}, results streamed with backpressure as NDJSON, Server-Sent Events
 * or Arrow IPC streams, errors as RFC 9457 problem details, and a page in the browser ({@code /index.html}).
 */
@NullMarked
package io.github.reactivespark.connect.web;

import org.jspecify.annotations.NullMarked;
