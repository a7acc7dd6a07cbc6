package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The default Failsafe pass runs with BlockHound installed (blockhound-junit-platform on its classpath), so every
 * suite of it fails on a blocking call made on a Reactor scheduler thread or a gRPC (Netty) event-loop thread while
 * the client talks to the real server. This proves the installation in that JVM: a latch wait (a park) inside an
 * operator on the parallel scheduler is refused, which only BlockHound does (Reactor alone checks its own
 * {@code block()} calls).
 */
class BlockHoundIT {

  @Test
  void aParkInsideAReactorOperatorIsRefused() {
    CountDownLatch never = new CountDownLatch(1);
    Flux<Boolean> parks = Flux.just(1).publishOn(Schedulers.parallel()).map(i -> {
      try {
        return never.await(1, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    Throwable e = assertThrows(Throwable.class, () -> parks.blockLast(Duration.ofSeconds(10)));
    Throwable cause = e instanceof BlockingOperationError ? e : e.getCause();
    assertTrue(cause instanceof BlockingOperationError, e::toString);
  }
}
