package io.d2ora.p2p.transport;

import io.d2ora.p2p.ConnectionListener;
import io.d2ora.p2p.MisbehaviorListener;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.StreamHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the {@link P2PNetwork} (on Netty), after Teku's {@code LibP2PNetworkBuilder}: the
 * interface names no implementation, callers name this builder. Handlers and listeners given here
 * are in place before {@link P2PNetwork#start()}, so no inbound stream or report can miss them.
 *
 * <pre>{@code
 * P2PNetwork network =
 *     P2PNetworkBuilder.create(config).misbehaviorListener(scores::penalise).build();
 * network.start().get();
 * }</pre>
 */
public final class P2PNetworkBuilder {
  private final P2PConfig config;
  private final Map<String, StreamHandler> handlers = new LinkedHashMap<>();
  private final List<ConnectionListener> connectionListeners = new ArrayList<>();
  private final List<MisbehaviorListener> misbehaviorListeners = new ArrayList<>();

  private P2PNetworkBuilder(P2PConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public static P2PNetworkBuilder create(P2PConfig config) {
    return new P2PNetworkBuilder(config);
  }

  /** Serves {@code protocolId} with {@code handler} (as {@link P2PNetwork#setStreamHandler}). */
  public P2PNetworkBuilder streamHandler(String protocolId, StreamHandler handler) {
    handlers.put(Objects.requireNonNull(protocolId), Objects.requireNonNull(handler));
    return this;
  }

  public P2PNetworkBuilder connectionListener(ConnectionListener listener) {
    connectionListeners.add(Objects.requireNonNull(listener));
    return this;
  }

  public P2PNetworkBuilder misbehaviorListener(MisbehaviorListener listener) {
    misbehaviorListeners.add(Objects.requireNonNull(listener));
    return this;
  }

  /** A new, not yet started network. */
  public P2PNetwork build() {
    NettyP2PNetwork network = new NettyP2PNetwork(config);
    handlers.forEach(network::setStreamHandler);
    connectionListeners.forEach(network::addConnectionListener);
    misbehaviorListeners.forEach(network::addMisbehaviorListener);
    return network;
  }
}
