package io.github.reactivespark.connect.it;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * A subscriber that asks for one element, then no more until {@link #resume()}: a consumer that stalls after its
 * first batch. Its end (completion or error) is kept for {@link #awaitEnd}.
 *
 * @param <T> the element type
 */
final class PausedSubscriber<T> extends BaseSubscriber<T> {

  private final CountDownLatch first = new CountDownLatch(1);
  private final CompletableFuture<Void> end = new CompletableFuture<>();

  @Override
  protected void hookOnSubscribe(Subscription s) {
    s.request(1);
  }

  @Override
  protected void hookOnNext(T value) {
    first.countDown();
  }

  @Override
  protected void hookOnComplete() {
    end.complete(null);
  }

  @Override
  protected void hookOnError(Throwable e) {
    end.completeExceptionally(e);
  }

  /** Whether the first element arrived within {@code timeout}. */
  boolean awaitFirst(Duration timeout) throws InterruptedException {
    return first.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks for everything that is left. */
  void resume() {
    request(Long.MAX_VALUE);
  }

  /**
   * Waits for the end of the stream.
   *
   * @throws ExecutionException with the stream's error as its cause
   * @throws TimeoutException if it has not ended within {@code timeout}
   */
  void awaitEnd(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
    end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
