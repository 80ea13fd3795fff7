package io.d2ora.p2p.discovery;

import io.d2ora.p2p.Connection;
import io.d2ora.p2p.ConnectionListener;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Discovery} that dials bootstrap and application-supplied addresses until {@code
 * targetConnections} peers are connected, redials dropped ones, and backs off exponentially on
 * failures ({@link DialSchedule}). Optionally runs {@link MdnsDiscovery} and dials what it finds.
 * All state lives on one thread ({@code d2ora-discovery}).
 */
public final class ReconnectingDiscovery implements Discovery {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingDiscovery.class);

  private final P2PNetwork network;
  private final DiscoveryConfig config;
  private final DialSchedule schedule;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ConnectionListener listener = new Disconnects();
  private final long origin = System.nanoTime();
  private MdnsDiscovery mdns;

  public ReconnectingDiscovery(P2PNetwork network, DiscoveryConfig config) {
    this.network = network;
    this.config = config;
    Random random = new Random(new SecureRandom().nextLong());
    this.schedule =
        new DialSchedule(
            config.initialBackoff().toMillis(), config.maxBackoff().toMillis(), random);
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "d2ora-discovery");
              thread.setDaemon(true);
              return thread;
            });
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
    config.bootstrap().forEach(schedule::add);
  }

  @Override
  public void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    network.addConnectionListener(listener);
    long tick = config.tick().toMillis();
    executor.scheduleWithFixedDelay(this::tick, 0, tick, TimeUnit.MILLISECONDS);
    if (config.mdnsEnabled()) {
      mdns = new MdnsDiscovery(network, config.mdnsInterval(), found -> addPeers(List.of(found)));
      mdns.start();
    }
  }

  @Override
  public void addPeers(List<Multiaddr> addresses) {
    List<Multiaddr> copy = List.copyOf(addresses);
    execute(
        () -> {
          for (Multiaddr address : copy) {
            if (!isSelf(address) && schedule.add(address)) {
              LOG.debug("discovered {}", address);
            }
          }
        });
  }

  @Override
  public Set<Multiaddr> knownAddresses() {
    try {
      return executor.submit(schedule::addresses).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Set.of();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("discovery thread did not answer", e);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (mdns != null) {
      mdns.close();
    }
    network.removeConnectionListener(listener);
    executor.shutdownNow();
  }

  private void tick() {
    Set<PeerId> connected = network.connectedPeers();
    int wanted = config.targetConnections() - connected.size();
    if (wanted <= 0) {
      return;
    }
    long now = now();
    for (Multiaddr address : schedule.due(now, wanted, a -> isConnected(a, connected))) {
      schedule.dialling(address);
      network
          .dial(address)
          .whenComplete((connection, error) -> execute(() -> dialled(address, error)));
    }
  }

  private void dialled(Multiaddr address, Throwable error) {
    if (error == null) {
      schedule.succeeded(address);
      return;
    }
    long wait = schedule.failed(address, now());
    LOG.debug(
        "dial {} failed ({} times), next in {} ms: {}",
        address,
        schedule.failures(address),
        wait,
        error.toString());
  }

  private boolean isConnected(Multiaddr address, Set<PeerId> connected) {
    Optional<PeerId> peer = PeerId.fromMultiaddr(address);
    return peer.isPresent() && connected.contains(peer.get());
  }

  private boolean isSelf(Multiaddr address) {
    return PeerId.fromMultiaddr(address).map(network.localPeerId()::equals).orElse(false);
  }

  private void execute(Runnable task) {
    if (!closed.get()) {
      try {
        executor.execute(task);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        LOG.trace("discovery closed");
      }
    }
  }

  private long now() {
    return (System.nanoTime() - origin) / 1_000_000;
  }

  /** Redials a known address whose connection dropped. */
  private final class Disconnects implements ConnectionListener {
    @Override
    public void onDisconnected(Connection connection) {
      PeerId peer = connection.remotePeer();
      execute(
          () -> {
            for (Multiaddr address : schedule.addresses()) {
              if (PeerId.fromMultiaddr(address).map(peer::equals).orElse(false)) {
                schedule.disconnected(address, now());
              }
            }
          });
    }
  }
}
