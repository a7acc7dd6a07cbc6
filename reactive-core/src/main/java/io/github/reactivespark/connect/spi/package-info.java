/**
 * Service-provider interfaces: seams that optional modules implement and {@code reactive-core} finds at run
 * time with {@link java.util.ServiceLoader}, never importing them.
 */
@NullMarked
package io.github.reactivespark.connect.spi;

import org.jspecify.annotations.NullMarked;
