package io.d2ora.p2p.identify;

import io.d2ora.p2p.Connection;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.PeerInfo;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.identity.PublicKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.stream.LengthPrefixed;
import io.d2ora.p2p.stream.StreamCollector;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Answers identify requests, asks peers for theirs, and pushes updates. The message travels as one
 * uvarint-length-prefixed protobuf, after which the sender closes its side.
 */
public final class IdentifyService {
  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
  public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  private final PrivateKey identity;
  private final String agentVersion;
  private final Supplier<List<Multiaddr>> listenAddresses;
  private final Supplier<Set<String>> protocols;

  public IdentifyService(
      PrivateKey identity,
      String agentVersion,
      Supplier<List<Multiaddr>> listenAddresses,
      Supplier<Set<String>> protocols) {
    this.identity = identity;
    this.agentVersion = agentVersion;
    this.listenAddresses = listenAddresses;
    this.protocols = protocols;
  }

  /** Serves {@link #PROTOCOL_ID}: writes our message and closes. */
  public void respond(P2PStream stream) {
    stream.write(LengthPrefixed.frame(ownMessage(stream.connection()).encode()));
    stream.closeWrite();
  }

  /** Asks the peer on {@code connection} for its identify message. */
  public CompletableFuture<PeerInfo> request(Connection connection) {
    return connection
        .openStream(PROTOCOL_ID)
        .thenCompose(
            stream -> {
              stream.closeWrite();
              return StreamCollector.collect(stream, IdentifyMessage.MAX_BYTES + 8);
            })
        .thenApply(bytes -> toPeerInfo(connection, parse(bytes), Optional.empty()));
  }

  /** Sends our current message to the peer on {@code connection} (identify/push). */
  public CompletableFuture<Void> push(Connection connection) {
    return connection
        .openStream(PUSH_PROTOCOL_ID)
        .thenCompose(
            stream -> {
              stream.write(LengthPrefixed.frame(ownMessage(connection).encode()));
              return stream.closeWrite();
            });
  }

  /**
   * Serves {@link #PUSH_PROTOCOL_ID}: reads the pushed message and merges it with {@code previous}
   * (pushes may omit fields).
   */
  public CompletableFuture<PeerInfo> receivePush(P2PStream stream, Optional<PeerInfo> previous) {
    return StreamCollector.collect(stream, IdentifyMessage.MAX_BYTES + 8)
        .thenApply(bytes -> toPeerInfo(stream.connection(), parse(bytes), previous));
  }

  private IdentifyMessage ownMessage(Connection connection) {
    Set<String> protos = new LinkedHashSet<>(protocols.get());
    return new IdentifyMessage(
        identity.publicKey().toProtobuf(),
        listenAddresses.get(),
        List.copyOf(protos),
        Optional.of(connection.remoteAddress()),
        PROTOCOL_VERSION,
        agentVersion);
  }

  private static IdentifyMessage parse(byte[] bytes) {
    LengthPrefixed reader = new LengthPrefixed(IdentifyMessage.MAX_BYTES);
    List<byte[]> messages = reader.feed(bytes);
    if (messages.size() != 1 || reader.pendingBytes() != 0) {
      throw new ProtocolViolationException(
          "identify stream must carry exactly one message, got " + messages.size());
    }
    return IdentifyMessage.decode(messages.get(0));
  }

  private static PeerInfo toPeerInfo(
      Connection connection, IdentifyMessage m, Optional<PeerInfo> previous) {
    PublicKey key = connection.remotePeer().publicKey().orElse(null);
    if (m.publicKey() != null) {
      PublicKey announced = PublicKey.fromProtobuf(m.publicKey());
      if (!connection.remotePeer().matches(announced)) {
        throw new ProtocolViolationException("identify public key does not match the peer ID");
      }
      key = announced;
    }
    Set<String> protos = new HashSet<>(m.protocols());
    if (protos.isEmpty() && previous.isPresent()) {
      protos = previous.get().protocols();
    }
    List<Multiaddr> addrs =
        m.listenAddresses().isEmpty() && previous.isPresent()
            ? previous.get().listenAddresses()
            : m.listenAddresses();
    return new PeerInfo(
        connection.remotePeer(),
        key != null ? key : previous.map(PeerInfo::publicKey).orElse(null),
        m.protocolVersion() != null
            ? m.protocolVersion()
            : previous.map(PeerInfo::protocolVersion).orElse(""),
        m.agentVersion() != null
            ? m.agentVersion()
            : previous.map(PeerInfo::agentVersion).orElse(""),
        addrs,
        m.observedAddress(),
        protos);
  }
}
