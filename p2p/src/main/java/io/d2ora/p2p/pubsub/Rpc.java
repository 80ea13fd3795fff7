package io.d2ora.p2p.pubsub;

import java.util.List;
import java.util.Objects;

/**
 * One pubsub RPC frame (libp2p pubsub spec, {@code rpc.proto}): subscription changes, messages and
 * piggybacked gossipsub control messages. Byte arrays are carried as given (not copied); the router
 * never mutates them.
 *
 * @param subscriptions subscription announcements, in wire order
 * @param messages published or forwarded messages
 * @param control gossipsub control messages, {@link Control#EMPTY} when none
 */
public record Rpc(List<SubOpts> subscriptions, List<WireMessage> messages, Control control) {

  /** An RPC with nothing in it. */
  public static final Rpc EMPTY = new Rpc(List.of(), List.of(), Control.EMPTY);

  public Rpc {
    subscriptions = List.copyOf(subscriptions);
    messages = List.copyOf(messages);
    Objects.requireNonNull(control, "control");
  }

  /** True when the RPC carries nothing and need not be sent. */
  public boolean isEmpty() {
    return subscriptions.isEmpty() && messages.isEmpty() && control.isEmpty();
  }

  /** A subscription change: {@code SubOpts { bool subscribe = 1; string topicid = 2; }}. */
  public record SubOpts(boolean subscribe, String topic) {
    public SubOpts {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * Gossipsub control messages: {@code ControlMessage { IHave ihave = 1; IWant iwant = 2; Graft
   * graft = 3; Prune prune = 4; }}. IDONTWANT (field 5, v1.2) is read past and never sent.
   */
  public record Control(
      List<IHave> ihave, List<IWant> iwant, List<Graft> graft, List<Prune> prune) {

    /** No control messages. */
    public static final Control EMPTY = new Control(List.of(), List.of(), List.of(), List.of());

    public Control {
      ihave = List.copyOf(ihave);
      iwant = List.copyOf(iwant);
      graft = List.copyOf(graft);
      prune = List.copyOf(prune);
    }

    public boolean isEmpty() {
      return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty();
    }
  }

  /** "I have these message ids in my cache for this topic." */
  public record IHave(String topic, List<byte[]> messageIds) {
    public IHave {
      Objects.requireNonNull(topic, "topic");
      messageIds = List.copyOf(messageIds);
    }
  }

  /** "Send me these messages." */
  public record IWant(List<byte[]> messageIds) {
    public IWant {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** "Add me to your mesh for this topic." */
  public record Graft(String topic) {
    public Graft {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * "You are out of my mesh for this topic": with peer exchange candidates and a backoff in seconds
   * (0 when absent, i.e. a v1.0 peer).
   */
  public record Prune(String topic, List<PeerInfo> peers, long backoffSeconds) {
    public Prune {
      Objects.requireNonNull(topic, "topic");
      peers = List.copyOf(peers);
    }
  }

  /**
   * A peer exchange candidate: its peer ID bytes and, optionally, a signed peer record (may be
   * null).
   */
  public record PeerInfo(byte[] peerId, byte[] signedPeerRecord) {}
}
