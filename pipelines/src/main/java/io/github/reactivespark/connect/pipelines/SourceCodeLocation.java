package io.github.reactivespark.connect.pipelines;

import java.security.CodeSource;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a graph element was defined: Spark's {@code SourceCodeLocation} message of {@code pipelines.proto}. The
 * builders of this package fill it in with their first caller outside this module (the file name of its class and
 * the line), unless one is given explicitly.
 *
 * @param fileName the source file, for example {@code FlightsPipeline.java}, never blank
 * @param lineNumber the line in that file, 1-based, or 0 when unknown (then no line is sent)
 */
public record SourceCodeLocation(String fileName, int lineNumber) {

  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  /**
   * Checks the arguments.
   *
   * @param fileName the source file, not blank
   * @param lineNumber the line, 1-based, or 0 when unknown
   */
  public SourceCodeLocation {
    if (Objects.requireNonNull(fileName, "fileName").isBlank()) {
      throw new IllegalArgumentException("fileName must not be blank");
    }
    if (lineNumber < 0) {
      throw new IllegalArgumentException("lineNumber must be >= 0, was " + lineNumber);
    }
  }

  /**
   * The first frame of the current thread's stack whose class does not come from this module's own jar (the code
   * that called one of its builders).
   *
   * @return that frame's file and line, or empty when the frame has no file name
   */
  static Optional<SourceCodeLocation> ofCaller() {
    CodeSource ours = codeSource(SourceCodeLocation.class);
    return WALKER.walk(frames -> frames
        .filter(f -> !Objects.equals(codeSource(f.getDeclaringClass()), ours))
        .findFirst()
        .filter(f -> f.getFileName() != null)
        .map(f -> new SourceCodeLocation(f.getFileName(), Math.max(0, f.getLineNumber()))));
  }

  private static @Nullable CodeSource codeSource(Class<?> c) {
    return c.getProtectionDomain().getCodeSource();
  }
}
