package io.github.reactivespark.connect.web;

/**
 * ISO-8601 text of a point in time given as UTC epoch seconds and nanoseconds, written into a {@code char[]} without
 * making a {@code java.time} value: {@link java.time.format.DateTimeFormatter#ISO_LOCAL_DATE_TIME} of the
 * {@code LocalDateTime} and {@link java.time.format.DateTimeFormatter#ISO_INSTANT} of the {@code Instant}, for the
 * years 0 to 9999 ({@link #MIN_SECOND} to {@link #MAX_SECOND}; other years are the caller's). Used by
 * {@link NdjsonEncoder}; the proleptic Gregorian calendar of {@code java.time} (days to civil date after Howard
 * Hinnant's {@code civil_from_days}).
 */
final class Timestamps {

  /** 0000-01-01T00:00:00Z in epoch seconds. */
  static final long MIN_SECOND = -62_167_219_200L;
  /** 9999-12-31T23:59:59Z in epoch seconds. */
  static final long MAX_SECOND = 253_402_300_799L;

  private Timestamps() {}

  /**
   * {@code ISO_LOCAL_DATE_TIME}: {@code yyyy-MM-ddTHH:mm:ss}, then if {@code nanos > 0} a point and the nanoseconds
   * without trailing zeros.
   *
   * @param out at least 29 chars
   * @param seconds epoch seconds, {@link #MIN_SECOND} to {@link #MAX_SECOND}
   * @param nanos 0 to 999,999,999
   * @return the number of chars written
   */
  static int isoLocalDateTime(char[] out, long seconds, int nanos) {
    int n = dateTime(out, seconds);
    if (nanos == 0) {
      return n;
    }
    out[n++] = '.';
    int digits = 9;
    int value = nanos;
    while (value % 10 == 0) {
      value /= 10;
      digits--;
    }
    return digits(out, n, value, digits);
  }

  /**
   * {@code ISO_INSTANT}: {@code yyyy-MM-ddTHH:mm:ss}, then if {@code nanos > 0} a point and 3, 6 or 9 digits (as
   * many groups of three as needed), then {@code Z}.
   *
   * @param out at least 30 chars
   * @param seconds epoch seconds, {@link #MIN_SECOND} to {@link #MAX_SECOND}
   * @param nanos 0 to 999,999,999
   * @return the number of chars written
   */
  static int isoInstant(char[] out, long seconds, int nanos) {
    int n = dateTime(out, seconds);
    if (nanos != 0) {
      out[n++] = '.';
      if (nanos % 1_000_000 == 0) {
        n = digits(out, n, nanos / 1_000_000, 3);
      } else if (nanos % 1_000 == 0) {
        n = digits(out, n, nanos / 1_000, 6);
      } else {
        n = digits(out, n, nanos, 9);
      }
    }
    out[n++] = 'Z';
    return n;
  }

  /** {@code yyyy-MM-ddTHH:mm:ss} at {@code out[0]}; returns 19. */
  private static int dateTime(char[] out, long seconds) {
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    long z = days + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long dayOfEra = z - era * 146_097L;
    long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, day, 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3_600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    return 19;
  }

  /** {@code value} as exactly {@code count} decimal digits (zero-padded) at {@code out[at]}; returns the end. */
  private static int digits(char[] out, int at, int value, int count) {
    int v = value;
    for (int i = at + count - 1; i >= at; i--) {
      out[i] = (char) ('0' + v % 10);
      v /= 10;
    }
    return at + count;
  }
}
