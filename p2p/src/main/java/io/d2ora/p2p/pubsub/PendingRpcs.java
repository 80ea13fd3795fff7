package io.d2ora.p2p.pubsub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outbound traffic collected while the router handles one event, sent as one RPC per peer when the
 * event is done: control messages ride along with messages and subscriptions ("piggybacking",
 * gossipsub spec) instead of costing a frame each.
 */
final class PendingRpcs {
  private static final class Builder {
    final List<Rpc.SubOpts> subscriptions = new ArrayList<>();
    final List<WireMessage> messages = new ArrayList<>();
    final List<Rpc.IHave> ihave = new ArrayList<>();
    final List<Rpc.IWant> iwant = new ArrayList<>();
    final List<Rpc.Graft> graft = new ArrayList<>();
    final List<Rpc.Prune> prune = new ArrayList<>();

    /** The first RPC carries subscriptions and control; messages are split to fit the budget. */
    List<Rpc> build(int maxBytes) {
      List<Rpc> rpcs = new ArrayList<>();
      Rpc.Control control = new Rpc.Control(ihave, iwant, graft, prune);
      List<WireMessage> chunk = new ArrayList<>();
      int size = 0;
      for (WireMessage message : messages) {
        int next = message.approximateSize() + FRAMING_MARGIN;
        if (!chunk.isEmpty() && size + next > maxBytes) {
          rpcs.add(
              new Rpc(rpcs.isEmpty() ? subscriptions : List.of(), chunk, first(rpcs, control)));
          chunk = new ArrayList<>();
          size = 0;
        }
        chunk.add(message);
        size += next;
      }
      rpcs.add(new Rpc(rpcs.isEmpty() ? subscriptions : List.of(), chunk, first(rpcs, control)));
      return rpcs;
    }

    private static Rpc.Control first(List<Rpc> rpcs, Rpc.Control control) {
      return rpcs.isEmpty() ? control : Rpc.Control.EMPTY;
    }
  }

  /**
   * Bytes allowed per message for tags and lengths on top of {@link WireMessage#approximateSize}.
   */
  private static final int FRAMING_MARGIN = 64;

  private final Map<PeerKey, Builder> pending = new LinkedHashMap<>();

  private Builder to(PeerKey peer) {
    return pending.computeIfAbsent(peer, p -> new Builder());
  }

  void subscription(PeerKey peer, Rpc.SubOpts sub) {
    to(peer).subscriptions.add(sub);
  }

  void message(PeerKey peer, WireMessage message) {
    to(peer).messages.add(message);
  }

  void ihave(PeerKey peer, Rpc.IHave ihave) {
    to(peer).ihave.add(ihave);
  }

  void iwant(PeerKey peer, Rpc.IWant iwant) {
    to(peer).iwant.add(iwant);
  }

  void graft(PeerKey peer, String topic) {
    to(peer).graft.add(new Rpc.Graft(topic));
  }

  void prune(PeerKey peer, Rpc.Prune prune) {
    to(peer).prune.add(prune);
  }

  /**
   * Sends everything collected, one RPC per peer (more when the messages exceed {@code maxBytes}),
   * and forgets it.
   */
  void flush(RouterIo io, int maxBytes) {
    if (pending.isEmpty()) {
      return;
    }
    List<Map.Entry<PeerKey, Builder>> batch = new ArrayList<>(pending.entrySet());
    pending.clear();
    for (Map.Entry<PeerKey, Builder> entry : batch) {
      for (Rpc rpc : entry.getValue().build(maxBytes)) {
        if (!rpc.isEmpty()) {
          io.send(entry.getKey(), rpc);
        }
      }
    }
  }
}
