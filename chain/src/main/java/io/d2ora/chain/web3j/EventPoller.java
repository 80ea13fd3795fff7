package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainEventListener;
import io.d2ora.chain.ChainException;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.EventSubscription;
import java.time.Duration;
import java.util.List;

/**
 * Polls {@code eth_getLogs} on its own daemon thread: each round reads blocks {@code next..head},
 * where {@code head} is the latest block less the confirmations, delivers their events in order,
 * then advances. A failed poll is reported to the listener and retried next interval, from the same
 * block, so nothing is skipped.
 */
final class EventPoller implements EventSubscription {
  private final ChainReader reader;
  private final Duration interval;
  private final int confirmations;
  private final ChainEventListener listener;
  private final Thread thread;
  private volatile long nextBlock;
  private volatile boolean running = true;

  private EventPoller(
      ChainReader reader,
      long fromBlock,
      Duration interval,
      int confirmations,
      ChainEventListener listener) {
    this.reader = reader;
    this.confirmations = confirmations;
    this.nextBlock = fromBlock;
    this.interval = interval;
    this.listener = listener;
    this.thread = Thread.ofPlatform().daemon().name("d2ora-chain-events").unstarted(this::run);
  }

  static EventPoller start(
      ChainReader reader,
      long fromBlock,
      Duration interval,
      int confirmations,
      ChainEventListener listener) {
    if (fromBlock < 0) {
      throw new IllegalArgumentException("expected fromBlock >= 0, got " + fromBlock);
    }
    EventPoller poller = new EventPoller(reader, fromBlock, interval, confirmations, listener);
    poller.thread.start();
    return poller;
  }

  private void run() {
    while (running) {
      try {
        long latest = reader.blockNumber() - confirmations;
        if (latest >= nextBlock) {
          List<ChainEvent> events = reader.events(nextBlock, latest);
          for (ChainEvent event : events) {
            if (!running) {
              return;
            }
            listener.onEvent(event);
          }
          nextBlock = latest + 1;
        }
      } catch (ChainException e) {
        listener.onError(e);
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public long nextBlock() {
    return nextBlock;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
