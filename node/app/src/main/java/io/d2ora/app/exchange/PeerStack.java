package io.d2ora.app.exchange;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundLedgerReader;
import io.d2ora.core.round.UpdateSource;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.discovery.DiscoveryConfig;
import io.d2ora.p2p.discovery.ReconnectingDiscovery;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.pubsub.GossipSub;
import io.d2ora.p2p.pubsub.GossipSubConfig;
import io.d2ora.p2p.rpc.ContentExchangeConfig;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's peer stack, assembled in one place for every command that talks to peers: the libp2p
 * network, gossipsub, discovery (bootstrap and redial), optionally the update exchange, and the
 * dialling of a round's participants at the addresses they registered on chain.
 *
 * <p>Order: {@link #start} listens and starts gossip and discovery; {@link #startExchange} adds the
 * exchange; {@link #dialParticipants} or {@link #followParticipants} any time after. {@link
 * #close()} stops them in reverse order (exchange, discovery, gossip, network) and is idempotent.
 * Thread-safe.
 */
public final class PeerStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerStack.class);
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final P2PNetwork network;
  private final GossipSub pubsub;
  private final ReconnectingDiscovery discovery;
  private final ParticipantPeers participants;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private P2PUpdateExchange exchange;
  private boolean closed;

  private PeerStack(P2PNetwork network, GossipSub pubsub, ReconnectingDiscovery discovery) {
    this.network = network;
    this.pubsub = pubsub;
    this.discovery = discovery;
    this.participants = new ParticipantPeers(network.localPeerId(), discovery);
    started.push(network);
    started.push(pubsub);
    started.push(discovery);
  }

  /**
   * Starts the network on {@code config}'s listen addresses, gossipsub, and discovery dialling
   * {@code bootstrap}.
   *
   * @throws P2PException if the network cannot listen (e.g. the port is taken) within 30 s
   */
  public static PeerStack start(P2PConfig config, List<Multiaddr> bootstrap) {
    P2PNetwork network = P2PNetworkBuilder.create(config).build();
    try {
      network.start().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      network.close();
      throw e.getCause() instanceof P2PException p
          ? p
          : new P2PException("cannot start the p2p network: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      network.close();
      throw new P2PException("the p2p network did not start within " + START_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      network.close();
      throw new P2PException("interrupted while starting the p2p network", e);
    }
    GossipSub pubsub = GossipSub.attach(network, GossipSubConfig.DEFAULT);
    ReconnectingDiscovery discovery =
        new ReconnectingDiscovery(network, DiscoveryConfig.of(bootstrap));
    discovery.start();
    return new PeerStack(network, pubsub, discovery);
  }

  /**
   * Serves {@code served} and joins the announcement topic of {@code chainId}.
   *
   * @param binding authenticates announcement authors ({@link PeerBinding#NONE}: unchecked)
   * @throws IllegalStateException if the exchange was started already or the stack is closed
   */
  public P2PUpdateExchange startExchange(long chainId, UpdateSource served, PeerBinding binding) {
    return startExchange(chainId, served, binding, ContentExchangeConfig.DEFAULT);
  }

  /** {@link #startExchange(long, UpdateSource, PeerBinding)} with other content limits. */
  public P2PUpdateExchange startExchange(
      long chainId, UpdateSource served, PeerBinding binding, ContentExchangeConfig limits) {
    return startExchange(chainId, served, binding, limits, Optional.empty());
  }

  /**
   * {@link #startExchange(long, UpdateSource, PeerBinding)} with other content limits and, when
   * present, signed announcements ({@link AnnouncementSigning}).
   */
  public synchronized P2PUpdateExchange startExchange(
      long chainId,
      UpdateSource served,
      PeerBinding binding,
      ContentExchangeConfig limits,
      Optional<AnnouncementSigning> signing) {
    if (closed || exchange != null) {
      throw new IllegalStateException(closed ? "peer stack closed" : "exchange already started");
    }
    exchange = new P2PUpdateExchange(network, pubsub, chainId, served, binding, limits, signing);
    started.push(exchange);
    return exchange;
  }

  public P2PNetwork network() {
    return network;
  }

  public GossipSub pubsub() {
    return pubsub;
  }

  /** The exchange of {@link #startExchange}. */
  public synchronized P2PUpdateExchange exchange() {
    if (exchange == null) {
      throw new IllegalStateException("the exchange is not started");
    }
    return exchange;
  }

  /** This node's dialable addresses, with {@code /p2p/<id>}. */
  public List<String> addresses() {
    return network.listenAddresses().stream()
        .map(a -> network.localPeerId().appendTo(a).toString())
        .toList();
  }

  /**
   * Reads the peers {@code round}'s participants registered (other than this node's) and hands
   * their addresses to discovery, which dials them and redials them when they drop.
   *
   * @return the participants whose peer was learnt (or changed) by this call
   */
  public List<ParticipantPeer> dialParticipants(
      RoundId round, RoundLedgerReader ledger, PeerDirectory directory) {
    return participants.dial(round, ledger, directory);
  }

  /**
   * {@link #dialParticipants} now and every {@code interval} until the returned handle is closed
   * (participants join over time), on a thread of its own; {@code learnt} hears of each new peer.
   */
  public Following followParticipants(
      RoundId round,
      RoundLedgerReader ledger,
      PeerDirectory directory,
      Duration interval,
      Consumer<ParticipantPeer> learnt) {
    return participants.follow(round, ledger, directory, interval, learnt);
  }

  /**
   * Waits until every peer handed to discovery with a {@code /p2p/} id is connected, at most {@code
   * timeout}.
   *
   * @return whether all are connected
   */
  public boolean awaitDialled(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<PeerId> connected = network.connectedPeers();
      boolean all =
          discovery.knownAddresses().stream()
              .map(ParticipantPeers::peerOf)
              .flatMap(java.util.Optional::stream)
              .allMatch(connected::contains);
      if (all || System.nanoTime() >= deadline) {
        return all;
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    Deque<AutoCloseable> toStop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = new ArrayDeque<>(started);
      started.clear();
    }
    participants.close();
    while (!toStop.isEmpty()) {
      AutoCloseable service = toStop.pop();
      try {
        service.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", service.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /**
   * A participant's registered peer.
   *
   * @param account the participant's chain address
   * @param peer the libp2p peer it registered
   * @param addresses where it listens, each ending in {@code /p2p/<peer>}
   */
  public record ParticipantPeer(Address account, PeerId peer, List<Multiaddr> addresses) {}

  /** A running {@link #followParticipants}; closing it stops the dialling thread. */
  public interface Following extends AutoCloseable {
    @Override
    void close();
  }

  /** Where a chain account's peer listens: in the node, the registry's peer registrations. */
  @FunctionalInterface
  public interface PeerDirectory {
    java.util.Optional<io.d2ora.app.ledger.ChainDirectory.PeerRecord> peer(Address account);
  }
}
