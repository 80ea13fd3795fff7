package io.d2ora.p2p.pubsub;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Pubsub RPC bytes &lt;-&gt; {@link Rpc}, hand-written on protobuf's coded streams (libp2p pubsub
 * spec, {@code rpc.proto}; fields are written in tag order, as js-libp2p does):
 *
 * <pre>
 * message          field  type     notes
 * RPC              1      SubOpts  repeated
 *                  2      Message  repeated
 *                  3      Control  optional
 * SubOpts          1      bool     subscribe
 *                  2      string   topic id
 * Message          1      bytes    from (peer ID multihash)
 *                  2      bytes    data
 *                  3      bytes    seqno (8 bytes, big-endian)
 *                  4      string   topic (omitted when empty)
 *                  5      bytes    signature
 *                  6      bytes    key (public-key protobuf)
 * ControlMessage   1..4   IHave, IWant, Graft, Prune   repeated; 5 IDontWant (v1.2) is skipped
 * ControlIHave     1 string topic id, 2 bytes message ids (repeated)
 * ControlIWant     1 bytes message ids (repeated)
 * ControlGraft     1 string topic id
 * ControlPrune     1 string topic id, 2 PeerInfo (repeated), 3 uint64 backoff seconds
 * PeerInfo         1 bytes peer ID, 2 bytes signed peer record
 * </pre>
 *
 * Decoding treats the input as untrusted: counts are capped by {@link RpcLimits}, nested lengths
 * are checked against the remaining bytes before allocation (the frame is already in memory and
 * bounded), strings must be UTF-8, and unknown fields are skipped. Every failure is an {@link
 * InvalidRpcException}.
 */
public final class RpcCodec {
  private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int VARINT = WireFormat.WIRETYPE_VARINT;

  private RpcCodec() {}

  /** Encodes an RPC (without the length prefix). */
  public static byte[] encode(Rpc rpc) {
    byte[] out = new byte[rpcSize(rpc)];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    try {
      for (Rpc.SubOpts sub : rpc.subscriptions()) {
        cos.writeTag(1, LEN);
        cos.writeUInt32NoTag(subOptsSize(sub));
        cos.writeBool(1, sub.subscribe());
        cos.writeString(2, sub.topic());
      }
      for (WireMessage message : rpc.messages()) {
        cos.writeTag(2, LEN);
        cos.writeUInt32NoTag(messageSize(message));
        writeMessage(cos, message);
      }
      if (!rpc.control().isEmpty()) {
        cos.writeTag(3, LEN);
        cos.writeUInt32NoTag(controlSize(rpc.control()));
        writeControl(cos, rpc.control());
      }
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding into an exactly sized array cannot fail", e);
    }
    return out;
  }

  /**
   * The bytes a StrictSign signature covers, after the {@code "libp2p-pubsub:"} prefix: the message
   * with fields 1-4 only.
   */
  public static byte[] encodeForSigning(WireMessage message) {
    WireMessage unsigned = message.unsigned();
    byte[] out = new byte[messageSize(unsigned)];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    try {
      writeMessage(cos, unsigned);
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding into an exactly sized array cannot fail", e);
    }
    return out;
  }

  /** Decodes one RPC frame (without its length prefix) within the given limits. */
  public static Rpc decode(byte[] frame, RpcLimits limits) {
    if (frame.length > limits.maxFrameBytes()) {
      throw new InvalidRpcException(
          "RPC frame of %d bytes exceeds the limit of %d"
              .formatted(frame.length, limits.maxFrameBytes()));
    }
    try {
      CodedInputStream in = CodedInputStream.newInstance(frame);
      in.pushLimit(frame.length);
      return RpcDecoder.decode(in, limits);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidRpcException("malformed RPC: " + e.getMessage(), e);
    }
  }

  private static void writeMessage(CodedOutputStream cos, WireMessage m) throws IOException {
    writeBytesIfPresent(cos, 1, m.from());
    cos.writeByteArray(2, m.data());
    writeBytesIfPresent(cos, 3, m.seqno());
    if (!m.topic().isEmpty()) {
      cos.writeString(4, m.topic());
    }
    writeBytesIfPresent(cos, 5, m.signature());
    writeBytesIfPresent(cos, 6, m.key());
  }

  private static void writeControl(CodedOutputStream cos, Rpc.Control c) throws IOException {
    for (Rpc.IHave ihave : c.ihave()) {
      cos.writeTag(1, LEN);
      cos.writeUInt32NoTag(ihaveSize(ihave));
      cos.writeString(1, ihave.topic());
      for (byte[] id : ihave.messageIds()) {
        cos.writeByteArray(2, id);
      }
    }
    for (Rpc.IWant iwant : c.iwant()) {
      cos.writeTag(2, LEN);
      cos.writeUInt32NoTag(idsSize(1, iwant.messageIds()));
      for (byte[] id : iwant.messageIds()) {
        cos.writeByteArray(1, id);
      }
    }
    for (Rpc.Graft graft : c.graft()) {
      cos.writeTag(3, LEN);
      cos.writeUInt32NoTag(CodedOutputStream.computeStringSize(1, graft.topic()));
      cos.writeString(1, graft.topic());
    }
    for (Rpc.Prune prune : c.prune()) {
      cos.writeTag(4, LEN);
      cos.writeUInt32NoTag(pruneSize(prune));
      writePrune(cos, prune);
    }
  }

  private static void writePrune(CodedOutputStream cos, Rpc.Prune prune) throws IOException {
    cos.writeString(1, prune.topic());
    for (Rpc.PeerInfo info : prune.peers()) {
      cos.writeTag(2, LEN);
      cos.writeUInt32NoTag(peerInfoSize(info));
      writeBytesIfPresent(cos, 1, info.peerId());
      writeBytesIfPresent(cos, 2, info.signedPeerRecord());
    }
    if (prune.backoffSeconds() > 0) {
      cos.writeUInt64(3, prune.backoffSeconds());
    }
  }

  private static void writeBytesIfPresent(CodedOutputStream cos, int field, byte[] value)
      throws IOException {
    if (value != null) {
      cos.writeByteArray(field, value);
    }
  }

  private static int rpcSize(Rpc rpc) {
    int size = 0;
    for (Rpc.SubOpts sub : rpc.subscriptions()) {
      size += nested(1, subOptsSize(sub));
    }
    for (WireMessage message : rpc.messages()) {
      size += nested(2, messageSize(message));
    }
    if (!rpc.control().isEmpty()) {
      size += nested(3, controlSize(rpc.control()));
    }
    return size;
  }

  private static int subOptsSize(Rpc.SubOpts sub) {
    return CodedOutputStream.computeBoolSize(1, sub.subscribe())
        + CodedOutputStream.computeStringSize(2, sub.topic());
  }

  private static int messageSize(WireMessage m) {
    return bytesSize(1, m.from())
        + bytesSize(2, m.data())
        + bytesSize(3, m.seqno())
        + (m.topic().isEmpty() ? 0 : CodedOutputStream.computeStringSize(4, m.topic()))
        + bytesSize(5, m.signature())
        + bytesSize(6, m.key());
  }

  private static int controlSize(Rpc.Control c) {
    int size = 0;
    for (Rpc.IHave ihave : c.ihave()) {
      size += nested(1, ihaveSize(ihave));
    }
    for (Rpc.IWant iwant : c.iwant()) {
      size += nested(2, idsSize(1, iwant.messageIds()));
    }
    for (Rpc.Graft graft : c.graft()) {
      size += nested(3, CodedOutputStream.computeStringSize(1, graft.topic()));
    }
    for (Rpc.Prune prune : c.prune()) {
      size += nested(4, pruneSize(prune));
    }
    return size;
  }

  private static int ihaveSize(Rpc.IHave ihave) {
    return CodedOutputStream.computeStringSize(1, ihave.topic()) + idsSize(2, ihave.messageIds());
  }

  private static int idsSize(int field, List<byte[]> ids) {
    int size = 0;
    for (byte[] id : ids) {
      size += bytesSize(field, id);
    }
    return size;
  }

  private static int pruneSize(Rpc.Prune prune) {
    int size = CodedOutputStream.computeStringSize(1, prune.topic());
    for (Rpc.PeerInfo info : prune.peers()) {
      size += nested(2, peerInfoSize(info));
    }
    if (prune.backoffSeconds() > 0) {
      size += CodedOutputStream.computeUInt64Size(3, prune.backoffSeconds());
    }
    return size;
  }

  private static int peerInfoSize(Rpc.PeerInfo info) {
    return bytesSize(1, info.peerId()) + bytesSize(2, info.signedPeerRecord());
  }

  private static int bytesSize(int field, byte[] value) {
    return value == null ? 0 : CodedOutputStream.computeByteArraySize(field, value);
  }

  private static int nested(int field, int size) {
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(size)
        + size;
  }
}
