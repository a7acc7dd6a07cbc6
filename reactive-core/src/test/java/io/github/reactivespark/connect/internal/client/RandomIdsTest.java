package io.github.reactivespark.connect.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Operation ids are version-4 UUIDs, distinct, and made without blocking on a Reactor thread (BlockHound is on). */
class RandomIdsTest {

  @Test
  void versionFourUuidsWithoutRepeats() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      UUID id = RandomIds.uuid();
      assertEquals(4, id.version(), id::toString);
      assertEquals(2, id.variant(), id::toString);
      seen.add(id);
    }
    assertEquals(100_000, seen.size());
    // the text form Spark's server parses
    UUID one = RandomIds.uuid();
    assertEquals(one, UUID.fromString(one.toString()));
  }

  @Test
  void madeOnAReactorThreadWithoutBlocking() {
    long distinct = Flux.range(0, 1_000).publishOn(Schedulers.parallel()).map(i -> RandomIds.uuid())
        .distinct().count().block();
    assertEquals(1_000, distinct);
  }
}
