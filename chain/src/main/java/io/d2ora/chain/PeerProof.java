package io.d2ora.chain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a libp2p key signs to prove that the account registering its peer ID holds it (the
 * registry's {@code peerProofMessage}):
 *
 * <pre>
 * offset  size  field
 *      0    26  ASCII "D2ORA peer registration v1"
 *     26    32  chain id, big-endian uint256
 *     58    20  registry address
 *     78    20  account registering the peer
 * </pre>
 *
 * Bound to chain, registry and account, so a proof copied by another account proves nothing for it.
 * Signing and verifying with the libp2p key is the caller's (the chain module knows no libp2p).
 */
public final class PeerProof {
  public static final String PREFIX = "D2ORA peer registration v1";
  public static final int MESSAGE_BYTES = 98;

  private PeerProof() {}

  public static byte[] message(long chainId, EthAddress registry, EthAddress account) {
    if (chainId < 0) {
      throw new IllegalArgumentException("expected a chain id >= 0, got " + chainId);
    }
    ByteBuffer buffer = ByteBuffer.allocate(MESSAGE_BYTES);
    buffer.put(PREFIX.getBytes(StandardCharsets.US_ASCII));
    buffer.put(new byte[24]).putLong(chainId);
    buffer.put(registry.bytes());
    buffer.put(account.bytes());
    return buffer.array();
  }
}
