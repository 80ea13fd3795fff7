package io.d2ora.p2p.pubsub;

import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.StreamListener;

/**
 * Reads one inbound pubsub stream on the connection's event loop: frames are split and decoded here
 * (bounded work per byte), then handed to the pubsub thread. A malformed frame resets the stream
 * and penalises the peer.
 */
final class InboundListener implements StreamListener {
  private final GossipSub owner;
  private final P2PStream stream;
  private final PeerKey peer;
  private final PubSubProtocol protocol;
  private final RpcLimits limits;
  private final FrameReader frames;
  private boolean failed;

  InboundListener(
      GossipSub owner, P2PStream stream, PeerKey peer, PubSubProtocol protocol, RpcLimits limits) {
    this.owner = owner;
    this.stream = stream;
    this.peer = peer;
    this.protocol = protocol;
    this.limits = limits;
    this.frames = new FrameReader(limits.maxFrameBytes());
  }

  @Override
  public void onData(byte[] data) {
    if (failed) {
      return;
    }
    try {
      for (byte[] frame : frames.feed(data)) {
        owner.onInboundRpc(peer, protocol, RpcCodec.decode(frame, limits));
      }
    } catch (InvalidRpcException e) {
      failed = true;
      owner.onInboundViolation(peer, e.getMessage());
      stream.reset();
    }
  }
}
