package io.d2ora.app.ledger;

import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundEvent;
import io.d2ora.core.round.RoundEventListener;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.Subscription;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Delivers the registry's round events by polling {@code eth_getLogs} on a daemon thread (HTTP
 * endpoints have no push). Events from the block after the one current at start onwards; an
 * unreachable chain is retried at the next poll.
 */
final class LogPoller implements Subscription, Runnable {
  private static final Logger log = LoggerFactory.getLogger(LogPoller.class);
  private static final Map<String, RoundEvent.Kind> KINDS =
      Map.of(
          EventEncoder.encode(D2oraRegistry.ROUNDCREATED_EVENT), RoundEvent.Kind.CREATED,
          EventEncoder.encode(D2oraRegistry.JOINED_EVENT), RoundEvent.Kind.JOINED,
          EventEncoder.encode(D2oraRegistry.UPDATECOMMITTED_EVENT), RoundEvent.Kind.COMMITTED,
          EventEncoder.encode(D2oraRegistry.ROUNDFINALIZED_EVENT), RoundEvent.Kind.FINALIZED,
          EventEncoder.encode(D2oraRegistry.DISPUTED_EVENT), RoundEvent.Kind.DISPUTED);

  private final RegistryContract chain;
  private final Duration interval;
  private final RoundEventListener listener;
  private final Thread thread;
  private volatile boolean closed;
  private long next;

  private LogPoller(RegistryContract chain, Duration interval, RoundEventListener listener) {
    this.chain = chain;
    this.interval = interval;
    this.listener = listener;
    this.next = chain.latest().blockNumber() + 1;
    this.thread = Thread.ofPlatform().daemon().name("d2ora-chain-events").unstarted(this);
  }

  static LogPoller start(RegistryContract chain, Duration interval, RoundEventListener listener) {
    LogPoller p = new LogPoller(chain, interval, listener);
    p.thread.start();
    return p;
  }

  @Override
  public void run() {
    while (!closed) {
      try {
        poll();
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("polling registry events failed: {}", e.getMessage());
        try {
          Thread.sleep(interval);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void poll() {
    long latest = chain.latest().blockNumber();
    if (latest < next) {
      return;
    }
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(next)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(latest)),
            chain.registry.getContractAddress());
    List<EthLog.LogResult> logs =
        RegistryContract.read(() -> chain.web3j.ethGetLogs(filter).send()).getLogs();
    for (EthLog.LogResult<?> r : logs) {
      if (r.get() instanceof Log l && !l.getTopics().isEmpty()) {
        RoundEvent.Kind kind = KINDS.get(l.getTopics().get(0));
        if (kind != null && !closed) {
          listener.onEvent(event(kind, l));
        }
      }
    }
    next = latest + 1;
  }

  /**
   * Topic layout: RoundCreated(roundId, creator, aggregator), Joined/UpdateCommitted(roundId,
   * participant); RoundFinalized and Disputed index only the round, so their actor is read from the
   * data (disputer) or is the zero address (the finalizer is the round's aggregator).
   */
  private static RoundEvent event(RoundEvent.Kind kind, Log l) {
    RoundId round =
        RoundId.of(new BigInteger(l.getTopics().get(1).substring(2), 16).longValueExact());
    Address actor =
        switch (kind) {
          case CREATED, JOINED, COMMITTED -> topicAddress(l.getTopics().get(2));
          case DISPUTED -> Address.parse(D2oraRegistry.getDisputedEventFromLog(l).participant);
          case FINALIZED -> new Address("0x" + "0".repeat(40));
        };
    return new RoundEvent(kind, round, actor, l.getBlockNumber().longValueExact());
  }

  private static Address topicAddress(String topic) {
    return Address.parse("0x" + topic.substring(topic.length() - 40));
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
