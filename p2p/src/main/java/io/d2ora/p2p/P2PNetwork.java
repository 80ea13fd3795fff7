package io.d2ora.p2p;

import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A libp2p host: listens and dials over TCP, secures connections with Noise, multiplexes them with
 * yamux, runs identify (+ push) and ping, and routes inbound streams to handlers by protocol id.
 * Built by {@code io.d2ora.p2p.transport.P2PNetworkBuilder}.
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #start()} binds the listen addresses; {@link #stop()} (idempotent, also {@link #close()})
 * closes every connection and releases the event loops. Handlers and listeners may be registered
 * before or after start.
 *
 * <h2>Threading</h2>
 *
 * All methods are thread-safe. Every callback (stream handlers, {@link StreamListener}s, {@link
 * ConnectionListener}s, {@link MisbehaviorListener}s) and every future returned here completes on
 * the event loop of the connection concerned: never block in them (no blocking I/O, no {@code
 * join()} on another network future); use {@code thenXxxAsync(fn, executor)} or a worker thread for
 * heavy work. A callback that throws resets the stream it concerns and is logged.
 */
public interface P2PNetwork extends AutoCloseable {

  P2PConfig config();

  /** Binds the listen addresses; completes once listening. */
  CompletableFuture<Void> start();

  /** Closes all connections and listeners; idempotent. */
  CompletableFuture<Void> stop();

  /** {@link #stop()} and wait for it (bounded). */
  @Override
  void close();

  PeerId localPeerId();

  /**
   * The bound addresses (actual ports once started), without {@code /p2p/}. A wildcard host is
   * expanded to the loopback address followed by the IPv4 addresses of the interfaces that are up,
   * so every entry can be dialled.
   */
  List<Multiaddr> listenAddresses();

  /**
   * Connects to {@code address}; when it ends in {@code /p2p/<id>}, the remote identity must match
   * that ID or the dial fails. Returns the existing connection if one to that peer is open.
   *
   * @return the connection; fails with {@link DialException} or {@link LimitExceededException}
   */
  CompletableFuture<Connection> dial(Multiaddr address);

  /** Registers the handler for inbound streams of {@code protocolId}; replaces an earlier one. */
  void setStreamHandler(String protocolId, StreamHandler handler);

  void removeStreamHandler(String protocolId);

  /** The protocol ids we serve (announced through identify). */
  Set<String> protocols();

  /**
   * Opens a stream to a connected peer (or one whose address we learnt by dialling it or from
   * identify) negotiating the first supported of {@code protocolIds}.
   */
  CompletableFuture<P2PStream> openStream(PeerId peer, String... protocolIds);

  /** An open connection to {@code peer}, if any. */
  Optional<Connection> connection(PeerId peer);

  Set<PeerId> connectedPeers();

  /** Closes every connection to {@code peer}; {@code reason} is logged. */
  CompletableFuture<Void> disconnect(PeerId peer, String reason);

  /** The protocols {@code peer} announced through identify; empty if not identified yet. */
  Set<String> identifiedProtocols(PeerId peer);

  /** The peer's latest identify information, if received. */
  Optional<PeerInfo> peerInfo(PeerId peer);

  /** Round-trip time of one {@code /ipfs/ping/1.0.0} exchange with a connected peer. */
  CompletableFuture<Duration> ping(PeerId peer);

  void addConnectionListener(ConnectionListener listener);

  void removeConnectionListener(ConnectionListener listener);

  void addMisbehaviorListener(MisbehaviorListener listener);

  /**
   * Lets a protocol (pubsub, content exchange) report a misbehaving peer to the {@link
   * MisbehaviorListener}s. Does not disconnect by itself.
   */
  void reportMisbehavior(PeerId peer, String protocol, String reason);
}
