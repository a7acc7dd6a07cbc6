package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The checksum the fault ITs rely on: its closed-form xor and that it tells a lost or repeated id. */
class IdChecksumTest {

  @Test
  void closedFormXorEqualsTheLoop() {
    long xor = 0;
    for (long rows = 0; rows <= 10_000; rows++) {
      assertEquals(xor, IdChecksum.xorOfRange(rows), "xor of range(" + rows + ")");
      xor ^= rows;
    }
  }

  @Test
  void everyIdOncePassesAndALostOrRepeatedIdFails() {
    IdChecksum whole = new IdChecksum();
    for (long id = 0; id < 1_000; id++) {
      whole.add(id);
    }
    whole.assertExactlyOnce(1_000, "whole");

    IdChecksum swapped = new IdChecksum(); // id 500 lost, id 499 twice: same count
    for (long id = 0; id < 1_000; id++) {
      swapped.add(id == 500 ? 499 : id);
    }
    assertThrows(AssertionFailedError.class, () -> swapped.assertExactlyOnce(1_000, "swapped"));

    IdChecksum repeated = new IdChecksum();
    for (long id = 0; id < 1_000; id++) {
      repeated.add(id);
    }
    repeated.add(7);
    assertThrows(AssertionFailedError.class, () -> repeated.assertExactlyOnce(1_000, "repeated"));
  }
}
