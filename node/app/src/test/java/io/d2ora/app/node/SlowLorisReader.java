package io.d2ora.app.node;

import io.d2ora.core.round.PeerRef;
import io.d2ora.core.round.Subscription;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.rpc.ContentExchange;
import io.d2ora.p2p.stream.LengthPrefixed;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Slow-loris against every peer that announces an update, from a Byzantine node's own identity:
 * {@link #STREAMS} update streams each, half of which never finish their request and half of which
 * request the announced update and never read the answer. An honest server must time both out,
 * penalise the reader, and keep serving everyone else.
 */
final class SlowLorisReader implements AutoCloseable {
  static final int STREAMS = 8;

  private final P2PNetwork network;
  private final Subscription subscription;
  private final Set<String> attacked = ConcurrentHashMap.newKeySet();
  private final List<P2PStream> held = new CopyOnWriteArrayList<>();

  private SlowLorisReader(Node node) {
    this.network = node.peers.network();
    this.subscription = node.peers.exchange().subscribe(this::onAnnouncement);
  }

  static SlowLorisReader start(Node node) {
    return new SlowLorisReader(node);
  }

  private void onAnnouncement(UpdateAnnouncement a, PeerRef from) {
    if (!attacked.add(from.id())) {
      return;
    }
    PeerId peer = PeerId.parse(from.id());
    for (int i = 0; i < STREAMS; i++) {
      boolean requesting = i % 2 == 1;
      network
          .openStream(peer, ContentExchange.PROTOCOL_ID)
          .thenAccept(
              s -> {
                held.add(s);
                s.inputStream(); // taken and never read: flow control holds the server's writes
                if (requesting) {
                  s.write(LengthPrefixed.frame(a.updateHash().bytes()));
                  s.closeWrite();
                } else {
                  s.write(new byte[] {32}); // one byte of a 32-byte request, and nothing more
                }
              });
    }
  }

  @Override
  public void close() {
    subscription.close();
    held.forEach(P2PStream::reset);
  }
}
