package io.d2ora.app.exchange;

import io.d2ora.app.exchange.PeerStack.ParticipantPeer;
import io.d2ora.app.exchange.PeerStack.PeerDirectory;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.Participant;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundLedgerReader;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.discovery.Discovery;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialling of rounds' participants for {@link PeerStack}: remembers which peer each account
 * registered, so a re-registration (a restarted node with a new address) is dialled again.
 */
final class ParticipantPeers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ParticipantPeers.class);

  private final PeerId self;
  private final Discovery discovery;
  private final Map<Address, ParticipantPeer> known = new ConcurrentHashMap<>();
  private final Set<Thread> followers = ConcurrentHashMap.newKeySet();

  ParticipantPeers(PeerId self, Discovery discovery) {
    this.self = self;
    this.discovery = discovery;
  }

  List<ParticipantPeer> dial(RoundId round, RoundLedgerReader ledger, PeerDirectory directory) {
    List<ParticipantPeer> learnt = new ArrayList<>();
    for (Participant p : ledger.participants(round)) {
      Optional<ParticipantPeer> peer = lookUp(p.address(), directory);
      if (peer.isEmpty()
          || peer.get().peer().equals(self)
          || peer.get().equals(known.get(p.address()))) {
        continue;
      }
      known.put(p.address(), peer.get());
      discovery.addPeers(peer.get().addresses());
      learnt.add(peer.get());
    }
    return learnt;
  }

  private static Optional<ParticipantPeer> lookUp(Address account, PeerDirectory directory) {
    return directory
        .peer(account)
        .flatMap(
            record -> {
              try {
                PeerId id = new PeerId(record.peerId());
                List<Multiaddr> addrs =
                    record.multiaddrs().stream().map(a -> id.appendTo(Multiaddr.parse(a))).toList();
                return Optional.of(new ParticipantPeer(account, id, addrs));
              } catch (P2PException | IllegalArgumentException e) {
                LOG.info("{} registered an unusable peer record: {}", account, e.getMessage());
                return Optional.empty();
              }
            });
  }

  PeerStack.Following follow(
      RoundId round,
      RoundLedgerReader ledger,
      PeerDirectory directory,
      Duration interval,
      Consumer<ParticipantPeer> learnt) {
    Thread thread =
        Thread.ofPlatform()
            .daemon()
            .name("d2ora-peers")
            .unstarted(() -> followLoop(round, ledger, directory, interval, learnt));
    followers.add(thread);
    thread.start();
    return () -> {
      followers.remove(thread);
      thread.interrupt();
    };
  }

  private void followLoop(
      RoundId round,
      RoundLedgerReader ledger,
      PeerDirectory directory,
      Duration interval,
      Consumer<ParticipantPeer> learnt) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        dial(round, ledger, directory).forEach(learnt);
      } catch (RuntimeException e) {
        LOG.info("dialling the participants of round {} failed: {}", round, e.getMessage());
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The peer an address names with {@code /p2p/}, if any. */
  static Optional<PeerId> peerOf(Multiaddr address) {
    try {
      return PeerId.fromMultiaddr(address);
    } catch (P2PException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    followers.forEach(Thread::interrupt);
    followers.clear();
  }
}
