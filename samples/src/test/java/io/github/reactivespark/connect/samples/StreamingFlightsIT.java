package io.github.reactivespark.connect.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The streaming sample end to end over 3 days of real flights ({@code SPARK_REMOTE} if set, otherwise the embedded
 * server): {@link StreamingFlights#run} throws if the streamed totals differ from the files; here the printed
 * report is checked too: one progress line per day, one micro-batch per day, totals equal to the files.
 */
@ExtendWith(SharedEmbeddedServer.class)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class StreamingFlightsIT {

  @Test
  void replaysThreeDaysAndBothConsumersSeeEveryFlight() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StreamingFlights.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 3);
    String out = bytes.toString(StandardCharsets.UTF_8);

    Matcher total = Pattern.compile("Replaying 3 days of real flights \\(([\\d,]+) flights\\)").matcher(out);
    assertTrue(total.find(), out);
    long flights = Long.parseLong(total.group(1).replace(",", ""));
    assertTrue(flights > 40_000 && flights < 60_000, "three January days of the BTS data: " + flights);

    assertEquals(3, count(out, "progress: batch \\d+, [1-9][\\d,]* flights in"), out);
    assertEquals(3, count(out, "micro-batch \\d+: [\\d,]+ flights"), out);
    assertTrue(out.contains(String.format("3 batches, %,d flights streamed", flights)), out);
    assertTrue(out.contains(String.format("3 micro-batches, %,d flights received", flights)), out);
  }

  static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
