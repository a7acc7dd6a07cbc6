package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.arrow.vector.BigIntVector;

/**
 * Count, sum and xor of the ids a result delivered, to check that a {@code range(0, n)} arrived with every id
 * exactly once: a lost id changes the count, a repeated one the count too, and a lost id replaced by a repeated
 * one changes the sum or the xor unless both coincide. Not thread-safe: one result, one subscriber thread.
 */
final class IdChecksum {

  private long count;
  private long sum;
  private long xor;

  /** Adds the first {@code rows} values of an id vector (column 0 of a {@code range} batch). */
  void add(BigIntVector ids, int rows) {
    for (int i = 0; i < rows; i++) {
      add(ids.get(i));
    }
  }

  /** Adds one id. */
  void add(long id) {
    count++;
    sum += id;
    xor ^= id;
  }

  /** How many ids were added. */
  long count() {
    return count;
  }

  /**
   * Asserts that the ids added are {@code 0 .. rows - 1}, each once.
   *
   * @param rows the size of the range
   * @param what names the result in failure messages (a run, a pass)
   */
  void assertExactlyOnce(long rows, String what) {
    assertEquals(rows, count, "row count of " + what);
    assertEquals(rows * (rows - 1) / 2, sum, "sum of ids of " + what);
    assertEquals(xorOfRange(rows), xor, "xor of ids of " + what);
  }

  /** {@code 0 ^ 1 ^ ... ^ (rows - 1)}, in closed form (the xor of {@code 0..m} cycles with {@code m % 4}). */
  static long xorOfRange(long rows) {
    long m = rows - 1;
    if (m < 0) {
      return 0;
    }
    return switch ((int) (m & 3)) {
      case 0 -> m;
      case 1 -> 1;
      case 2 -> m + 1;
      default -> 0;
    };
  }
}
