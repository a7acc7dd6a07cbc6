package io.github.reactivespark.connect;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every unit test of this module runs with BlockHound installed (by {@code blockhound-junit-platform}, found on the
 * test classpath), so a blocking call on a Reactor scheduler thread or a gRPC event-loop thread fails the test that
 * makes it. This test proves the installation: without it, the other tests would pass whatever they block.
 */
class BlockHoundInstalledTest {

  @Test
  void blockingOnAReactorThreadFails() {
    Mono<Void> sleeps = Mono.<Void>fromRunnable(() -> {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).subscribeOn(Schedulers.parallel());
    Throwable e = assertThrows(Throwable.class, () -> sleeps.block(Duration.ofSeconds(10)));
    assertInstanceOf(BlockingOperationError.class, e instanceof BlockingOperationError ? e : e.getCause(),
        e::toString);
  }
}
