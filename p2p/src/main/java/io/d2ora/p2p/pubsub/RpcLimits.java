package io.d2ora.p2p.pubsub;

/**
 * Upper bounds the decoder enforces on one RPC frame; the frame's byte size is bounded before it is
 * read. Defaults follow js-libp2p gossipsub's {@code defaultDecodeRpcLimits} and its 4 MiB inbound
 * frame limit, so that anything js accepts we accept too.
 */
public record RpcLimits(
    int maxFrameBytes,
    int maxSubscriptions,
    int maxMessages,
    int maxIHaveIds,
    int maxIWantIds,
    int maxControlMessages,
    int maxPeerInfos) {

  /** 4 MiB: js-libp2p rejects larger RPC frames. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

  public static final RpcLimits DEFAULT =
      new RpcLimits(DEFAULT_MAX_FRAME_BYTES, 5000, 5000, 5000, 5000, 5000, 16);

  public RpcLimits {
    if (maxFrameBytes <= 0
        || maxSubscriptions < 0
        || maxMessages < 0
        || maxIHaveIds < 0
        || maxIWantIds < 0
        || maxControlMessages < 0
        || maxPeerInfos < 0) {
      throw new IllegalArgumentException(
          "limits must be >= 0 and the frame limit > 0, got frame=%d subs=%d msgs=%d ihave=%d iwant=%d control=%d px=%d"
              .formatted(
                  maxFrameBytes,
                  maxSubscriptions,
                  maxMessages,
                  maxIHaveIds,
                  maxIWantIds,
                  maxControlMessages,
                  maxPeerInfos));
    }
  }
}
