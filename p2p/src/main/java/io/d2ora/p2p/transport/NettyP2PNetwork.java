package io.d2ora.p2p.transport;

import io.d2ora.p2p.Connection;
import io.d2ora.p2p.ConnectionListener;
import io.d2ora.p2p.DialException;
import io.d2ora.p2p.LimitExceededException;
import io.d2ora.p2p.MisbehaviorListener;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.PeerInfo;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.StreamHandler;
import io.d2ora.p2p.identify.IdentifyService;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.multistream.MultistreamNegotiator;
import io.d2ora.p2p.ping.PingProtocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link P2PNetwork} on Netty NIO: see the interface for the contract. Built by {@link
 * P2PNetworkBuilder}.
 */
final class NettyP2PNetwork implements P2PNetwork, ConnectionUpgrade.Host {
  private static final Logger LOG = LoggerFactory.getLogger(NettyP2PNetwork.class);

  /** Heap buffers: the JDK cipher works on arrays, so direct buffers would only add copies. */
  private static final ByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(false);

  private final P2PConfig config;
  private final PeerId localPeerId;
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final Map<PeerId, Set<NettyConnection>> connections = new ConcurrentHashMap<>();
  private final Map<PeerId, PeerInfo> peerInfos = new ConcurrentHashMap<>();
  private final Map<PeerId, Set<Multiaddr>> addressBook = new ConcurrentHashMap<>();
  private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
  private final List<MisbehaviorListener> misbehaviorListeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger channels = new AtomicInteger();
  private final IdentifyService identify;
  private final List<Channel> servers = new CopyOnWriteArrayList<>();
  private final PeerAddresses boundAddresses = new PeerAddresses();
  private volatile EventLoopGroup group;
  private volatile CompletableFuture<Void> stopFuture;

  NettyP2PNetwork(P2PConfig config) {
    this.config = config;
    this.localPeerId = config.identity().peerId();
    this.identify =
        new IdentifyService(
            config.identity(), config.agentVersion(), this::listenAddresses, this::protocols);
    handlers.put(IdentifyService.PROTOCOL_ID, identify::respond);
    handlers.put(IdentifyService.PUSH_PROTOCOL_ID, this::onIdentifyPush);
    handlers.put(PingProtocol.PROTOCOL_ID, PingProtocol::serve);
  }

  @Override
  public P2PConfig config() {
    return config;
  }

  @Override
  public PeerId localPeerId() {
    return localPeerId;
  }

  // ---- lifecycle ----

  @Override
  public synchronized CompletableFuture<Void> start() {
    if (group != null) {
      throw new IllegalStateException("network already started");
    }
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    group =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory("d2ora-p2p", true), NioIoHandler.newFactory());
    List<CompletableFuture<Void>> binds = new ArrayList<>();
    for (Multiaddr addr : config.listenAddresses()) {
      binds.add(bind(addr));
    }
    return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> bind(Multiaddr addr) {
    InetSocketAddress socket =
        addr.tcpSocketAddress()
            .filter(a -> !a.isUnresolved())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "listen address must be /ip4|ip6/../tcp/..: " + addr));
    CompletableFuture<Void> bound = new CompletableFuture<>();
    new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
        .childHandler(initializer(ch -> acceptInbound(ch)))
        .bind(socket)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                Channel server = ((io.netty.channel.ChannelFuture) f).channel();
                servers.add(server);
                boundAddresses.add((InetSocketAddress) server.localAddress());
                bound.complete(null);
              } else {
                bound.completeExceptionally(
                    new P2PException("cannot listen on " + addr, f.cause()));
              }
            });
    return bound;
  }

  @Override
  public synchronized CompletableFuture<Void> stop() {
    if (stopFuture != null) {
      return stopFuture;
    }
    stopFuture = new CompletableFuture<>();
    if (group == null) {
      stopFuture.complete(null);
      return stopFuture;
    }
    servers.forEach(Channel::close);
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    connections.values().forEach(set -> set.forEach(c -> closing.add(c.close())));
    CompletableFuture<Void> all =
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    CompletableFuture<Void> done = stopFuture;
    all.orTimeout(2, TimeUnit.SECONDS)
        .whenComplete(
            (v, e) ->
                group
                    .shutdownGracefully(0, 1, TimeUnit.SECONDS)
                    .addListener(f -> done.complete(null)));
    return stopFuture;
  }

  @Override
  public void close() {
    try {
      stop().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("p2p network did not stop cleanly", e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return boundAddresses.multiaddrs();
  }

  // ---- connections ----

  @Override
  public CompletableFuture<Connection> dial(Multiaddr address) {
    if (group == null || stopFuture != null) {
      return CompletableFuture.failedFuture(new P2PException("network is not running"));
    }
    Optional<PeerId> expected;
    try {
      expected = PeerId.fromMultiaddr(address);
    } catch (P2PException e) {
      return CompletableFuture.failedFuture(new DialException("bad peer ID in " + address, e));
    }
    if (expected.isPresent() && expected.get().equals(localPeerId)) {
      return CompletableFuture.failedFuture(new DialException("refusing to dial ourselves"));
    }
    Optional<Connection> existing = expected.flatMap(this::connection);
    if (existing.isPresent()) {
      return CompletableFuture.completedFuture(existing.get());
    }
    Optional<InetSocketAddress> target = address.withoutP2P().tcpSocketAddress();
    if (target.isEmpty()) {
      return CompletableFuture.failedFuture(new DialException("not a TCP address: " + address));
    }
    if (channels.get() >= config.maxConnections()) {
      return CompletableFuture.failedFuture(
          new LimitExceededException(
              "connection limit of " + config.maxConnections() + " reached"));
    }
    CompletableFuture<Connection> result = new CompletableFuture<>();
    ConnectionUpgrade upgrade = new ConnectionUpgrade(true, expected.orElse(null), this, result);
    new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.ALLOCATOR, ALLOCATOR)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
        .handler(initializer(ch -> track(ch, upgrade)))
        .connect(target.get())
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                result.completeExceptionally(
                    new DialException(
                        "cannot connect to " + address + ": " + f.cause(), f.cause()));
              }
            });
    return result.thenApply(
        c -> {
          addressBook
              .computeIfAbsent(c.remotePeer(), p -> ConcurrentHashMap.newKeySet())
              .add(address.withoutP2P());
          return c;
        });
  }

  private static ChannelInitializer<SocketChannel> initializer(Consumer<SocketChannel> init) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        init.accept(ch);
      }
    };
  }

  private void acceptInbound(SocketChannel ch) {
    if (channels.get() >= config.maxConnections() || stopFuture != null) {
      LOG.debug(
          "refusing inbound connection from {}: limit of {}",
          ch.remoteAddress(),
          config.maxConnections());
      ch.close();
      return;
    }
    track(ch, new ConnectionUpgrade(false, null, this, new CompletableFuture<>()));
  }

  private void track(SocketChannel ch, ConnectionUpgrade upgrade) {
    channels.incrementAndGet();
    ch.closeFuture().addListener(f -> channels.decrementAndGet());
    upgrade.install(ch);
  }

  @Override
  public void onUpgraded(NettyConnection connection) {
    PeerId peer = connection.remotePeer();
    connections.computeIfAbsent(peer, p -> ConcurrentHashMap.newKeySet()).add(connection);
    connection
        .closeFuture()
        .whenComplete(
            (v, e) -> {
              Set<NettyConnection> set = connections.get(peer);
              if (set != null) {
                set.remove(connection);
                connections.remove(peer, Set.of());
              }
              fire(l -> l.onDisconnected(connection));
            });
    fire(l -> l.onConnected(connection));
    identify
        .request(connection)
        .whenComplete(
            (info, error) -> {
              if (error == null) {
                onIdentified(connection, info);
              } else {
                onProtocolFailure(peer, IdentifyService.PROTOCOL_ID, error);
              }
            });
  }

  private void onIdentifyPush(P2PStream stream) {
    PeerId peer = stream.remotePeer();
    identify
        .receivePush(stream, Optional.ofNullable(peerInfos.get(peer)))
        .whenComplete(
            (info, error) -> {
              if (error == null) {
                onIdentified(stream.connection(), info);
              } else {
                onProtocolFailure(peer, IdentifyService.PUSH_PROTOCOL_ID, error);
              }
            });
  }

  private void onIdentified(Connection connection, PeerInfo info) {
    peerInfos.put(info.peerId(), info);
    if (!info.listenAddresses().isEmpty()) {
      addressBook
          .computeIfAbsent(info.peerId(), p -> ConcurrentHashMap.newKeySet())
          .addAll(info.listenAddresses().stream().map(Multiaddr::withoutP2P).toList());
    }
    fire(l -> l.onIdentified(connection, info));
  }

  private void onProtocolFailure(PeerId peer, String protocol, Throwable error) {
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    if (cause instanceof ProtocolViolationException) {
      reportMisbehavior(peer, protocol, cause.getMessage());
    } else {
      LOG.debug("{} with {} failed: {}", protocol, peer, cause.toString());
    }
  }

  private void fire(Consumer<ConnectionListener> event) {
    for (ConnectionListener l : connectionListeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("connection listener failed", e);
      }
    }
  }

  // ---- streams ----

  @Override
  public void acceptStream(YamuxStream stream) {
    PeerId peer = stream.remotePeer();
    StreamNegotiation negotiation =
        new StreamNegotiation(
            stream,
            MultistreamNegotiator.responder(handlers::containsKey),
            selected -> dispatch(stream, selected),
            error -> onProtocolFailure(peer, "/multistream/1.0.0", error));
    stream.startNegotiation(negotiation);
    NettyConnection connection = (NettyConnection) stream.connection();
    connection
        .session()
        .schedule(
            () -> {
              if (!negotiation.isDone()) {
                negotiation.fail(new P2PException("inbound protocol negotiation timed out"));
                stream.reset();
              }
            },
            config.negotiationTimeout().toMillis());
  }

  private void dispatch(YamuxStream stream, String protocol) {
    StreamHandler handler = handlers.get(protocol);
    if (handler == null) {
      stream.reset(); // removed while negotiating
      return;
    }
    try {
      handler.handle(stream);
    } catch (RuntimeException e) {
      LOG.warn("handler for {} failed; resetting the stream", protocol, e);
      stream.reset();
    }
  }

  @Override
  public void setStreamHandler(String protocolId, StreamHandler handler) {
    if (protocolId.isEmpty() || protocolId.length() > 1000) {
      throw new IllegalArgumentException(
          "protocol id must be 1..1000 chars, got " + protocolId.length());
    }
    boolean added = handlers.put(protocolId, handler) == null;
    if (added) {
      pushIdentify();
    }
  }

  @Override
  public void removeStreamHandler(String protocolId) {
    if (handlers.remove(protocolId) != null) {
      pushIdentify();
    }
  }

  private void pushIdentify() {
    connections
        .values()
        .forEach(set -> set.forEach(c -> identify.push(c).exceptionally(e -> null)));
  }

  @Override
  public Set<String> protocols() {
    return Set.copyOf(handlers.keySet());
  }

  @Override
  public CompletableFuture<P2PStream> openStream(PeerId peer, String... protocolIds) {
    Optional<Connection> c = connection(peer);
    if (c.isPresent()) {
      return c.get().openStream(protocolIds);
    }
    Set<Multiaddr> known = addressBook.getOrDefault(peer, Set.of());
    if (known.isEmpty()) {
      return CompletableFuture.failedFuture(
          new P2PException("not connected to " + peer + " and no address known"));
    }
    return dial(peer.appendTo(known.iterator().next()))
        .thenCompose(conn -> conn.openStream(protocolIds));
  }

  @Override
  public Optional<Connection> connection(PeerId peer) {
    return connections.getOrDefault(peer, Set.of()).stream()
        .filter(NettyConnection::isOpen)
        .map(Connection.class::cast)
        .findFirst();
  }

  @Override
  public Set<PeerId> connectedPeers() {
    return Set.copyOf(connections.keySet());
  }

  @Override
  public CompletableFuture<Void> disconnect(PeerId peer, String reason) {
    LOG.info("disconnecting {}: {}", peer, reason);
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    // Out of the table first: the close listeners run after whoever waits on the returned future,
    // so a caller could otherwise still see the peer as connected once it completed.
    Set<NettyConnection> closed = connections.remove(peer);
    (closed == null ? Set.<NettyConnection>of() : closed).forEach(c -> closing.add(c.close()));
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
  }

  @Override
  public Set<String> identifiedProtocols(PeerId peer) {
    PeerInfo info = peerInfos.get(peer);
    return info == null ? Set.of() : info.protocols();
  }

  @Override
  public Optional<PeerInfo> peerInfo(PeerId peer) {
    return Optional.ofNullable(peerInfos.get(peer));
  }

  @Override
  public CompletableFuture<Duration> ping(PeerId peer) {
    return openStream(peer, PingProtocol.PROTOCOL_ID).thenCompose(PingProtocol::ping);
  }

  // ---- listeners ----

  @Override
  public void addConnectionListener(ConnectionListener listener) {
    connectionListeners.add(listener);
  }

  @Override
  public void removeConnectionListener(ConnectionListener listener) {
    connectionListeners.remove(listener);
  }

  @Override
  public void addMisbehaviorListener(MisbehaviorListener listener) {
    misbehaviorListeners.add(listener);
  }

  @Override
  public void reportMisbehavior(PeerId peer, String protocol, String reason) {
    LOG.info("peer {} misbehaved on {}: {}", peer, protocol, reason);
    for (MisbehaviorListener l : misbehaviorListeners) {
      try {
        l.onMisbehavior(peer, protocol, reason);
      } catch (RuntimeException e) {
        LOG.warn("misbehavior listener failed", e);
      }
    }
  }
}
