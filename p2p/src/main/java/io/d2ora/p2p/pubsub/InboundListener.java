package io.d2ora.p2p.pubsub;

import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.StreamListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one inbound pubsub stream on the connection's event loop: frames are split and decoded here
 * (bounded work per byte), then handed to the pubsub thread. A malformed frame resets the stream
 * and penalises the peer.
 *
 * <p>Handing off releases the stream's receive window, so flow control alone does not stop a peer
 * that sends faster than the router handles: the RPCs this stream has queued are counted, and
 * frames beyond {@link #maxQueuedBytes} are dropped (reported once per burst) instead of growing
 * the queue; so are frames beyond the node-wide budget of {@link GossipSub}, unreported.
 */
final class InboundListener implements StreamListener {
  /**
   * Heap cost of a decoded RPC beyond its frame bytes (objects, queue entry), an upper estimate.
   */
  static final int RPC_OVERHEAD_BYTES = 1024;

  private final GossipSub owner;
  private final P2PStream stream;
  private final PeerKey peer;
  private final PubSubProtocol protocol;
  private final RpcLimits limits;
  private final FrameReader frames;
  private final long maxQueuedBytes;
  private final AtomicLong queuedBytes = new AtomicLong();
  private boolean failed;
  private boolean overflowing;

  InboundListener(
      GossipSub owner, P2PStream stream, PeerKey peer, PubSubProtocol protocol, RpcLimits limits) {
    this.owner = owner;
    this.stream = stream;
    this.peer = peer;
    this.protocol = protocol;
    this.limits = limits;
    this.frames = new FrameReader(limits.maxFrameBytes());
    this.maxQueuedBytes = maxQueuedBytes(limits);
  }

  /** Room for two frames of the largest size, and at least 8 MiB. */
  static long maxQueuedBytes(RpcLimits limits) {
    return Math.max(8L << 20, 2L * (limits.maxFrameBytes() + RPC_OVERHEAD_BYTES));
  }

  @Override
  public void onData(byte[] data) {
    if (failed) {
      return;
    }
    try {
      for (byte[] frame : frames.feed(data)) {
        long cost = (long) frame.length + RPC_OVERHEAD_BYTES;
        if (queuedBytes.get() + cost > maxQueuedBytes) {
          overflow();
          continue;
        }
        overflowing = false;
        if (!owner.reserveInbound(cost)) {
          continue; // the node-wide budget is spent (many peers at once): not this peer's fault
        }
        queuedBytes.addAndGet(cost);
        try {
          owner.onInboundRpc(this, RpcCodec.decode(frame, limits), cost);
        } catch (InvalidRpcException e) {
          handled(cost);
          throw e;
        }
      }
    } catch (InvalidRpcException e) {
      failed = true;
      owner.onInboundViolation(peer, e.getMessage());
      stream.reset();
    }
  }

  PeerKey peer() {
    return peer;
  }

  PubSubProtocol protocol() {
    return protocol;
  }

  /** The pubsub thread took an RPC of {@code cost} off the queue. */
  void handled(long cost) {
    queuedBytes.addAndGet(-cost);
    owner.releaseInbound(cost);
  }

  private void overflow() {
    if (!overflowing) {
      overflowing = true;
      owner.onInboundOverflow(
          peer,
          "sent pubsub RPCs faster than they are handled (over %d bytes queued): dropping frames"
              .formatted(maxQueuedBytes));
    }
  }
}
