package io.d2ora.p2p.transport;

import io.d2ora.p2p.*;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The Netty implementation of {@link P2PNetwork} (being implemented on branch p2p-transport). */
public final class NettyP2PNetwork implements P2PNetwork {
  private final P2PConfig config;

  public NettyP2PNetwork(P2PConfig config) {
    this.config = config;
  }

  @Override
  public P2PConfig config() {
    return config;
  }

  @Override
  public CompletableFuture<Void> start() {
    throw new UnsupportedOperationException("start: in progress");
  }

  @Override
  public CompletableFuture<Void> stop() {
    throw new UnsupportedOperationException("stop: in progress");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("close: in progress");
  }

  @Override
  public PeerId localPeerId() {
    throw new UnsupportedOperationException("localPeerId: in progress");
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    throw new UnsupportedOperationException("listenAddresses: in progress");
  }

  @Override
  public CompletableFuture<Connection> dial(Multiaddr address) {
    throw new UnsupportedOperationException("dial: in progress");
  }

  @Override
  public void setStreamHandler(String protocolId, StreamHandler handler) {
    throw new UnsupportedOperationException("setStreamHandler: in progress");
  }

  @Override
  public void removeStreamHandler(String protocolId) {
    throw new UnsupportedOperationException("removeStreamHandler: in progress");
  }

  @Override
  public Set<String> protocols() {
    throw new UnsupportedOperationException("protocols: in progress");
  }

  @Override
  public CompletableFuture<P2PStream> openStream(PeerId peer, String... protocolIds) {
    throw new UnsupportedOperationException("openStream: in progress");
  }

  @Override
  public Optional<Connection> connection(PeerId peer) {
    throw new UnsupportedOperationException("connection: in progress");
  }

  @Override
  public Set<PeerId> connectedPeers() {
    throw new UnsupportedOperationException("connectedPeers: in progress");
  }

  @Override
  public CompletableFuture<Void> disconnect(PeerId peer, String reason) {
    throw new UnsupportedOperationException("disconnect: in progress");
  }

  @Override
  public Set<String> identifiedProtocols(PeerId peer) {
    throw new UnsupportedOperationException("identifiedProtocols: in progress");
  }

  @Override
  public Optional<PeerInfo> peerInfo(PeerId peer) {
    throw new UnsupportedOperationException("peerInfo: in progress");
  }

  @Override
  public CompletableFuture<Duration> ping(PeerId peer) {
    throw new UnsupportedOperationException("ping: in progress");
  }

  @Override
  public void addConnectionListener(ConnectionListener listener) {
    throw new UnsupportedOperationException("addConnectionListener: in progress");
  }

  @Override
  public void removeConnectionListener(ConnectionListener listener) {
    throw new UnsupportedOperationException("removeConnectionListener: in progress");
  }

  @Override
  public void addMisbehaviorListener(MisbehaviorListener listener) {
    throw new UnsupportedOperationException("addMisbehaviorListener: in progress");
  }

  @Override
  public void reportMisbehavior(PeerId peer, String protocol, String reason) {
    throw new UnsupportedOperationException("reportMisbehavior: in progress");
  }
}
