package io.d2ora.p2p.pubsub;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The reading side of {@link RpcCodec}: untrusted bytes in, limits enforced as fields arrive. */
final class RpcDecoder {
  private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int VARINT = WireFormat.WIRETYPE_VARINT;

  private RpcDecoder() {}

  static Rpc decode(CodedInputStream in, RpcLimits limits) throws IOException {
    List<Rpc.SubOpts> subs = new ArrayList<>();
    List<WireMessage> messages = new ArrayList<>();
    Rpc.Control control = Rpc.Control.EMPTY;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | LEN -> {
          check(
              subs.size() < limits.maxSubscriptions(), "subscriptions", limits.maxSubscriptions());
          subs.add(nested(in, () -> readSubOpts(in)));
        }
        case (2 << 3) | LEN -> {
          check(messages.size() < limits.maxMessages(), "messages", limits.maxMessages());
          messages.add(nested(in, () -> readMessage(in)));
        }
        case (3 << 3) | LEN -> control = merge(control, nested(in, () -> readControl(in, limits)));
        default -> skip(in, tag);
      }
    }
    return new Rpc(subs, messages, control);
  }

  private interface Reader<T> {
    T read() throws IOException;
  }

  private static <T> T nested(CodedInputStream in, Reader<T> reader) throws IOException {
    int length = in.readRawVarint32();
    if (length < 0 || length > in.getBytesUntilLimit()) {
      throw new InvalidRpcException(
          "nested length %d exceeds the %d bytes left".formatted(length, in.getBytesUntilLimit()));
    }
    int old = in.pushLimit(length);
    T value = reader.read();
    in.checkLastTagWas(0);
    in.popLimit(old);
    return value;
  }

  private static Rpc.SubOpts readSubOpts(CodedInputStream in) throws IOException {
    boolean subscribe = false;
    String topic = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | VARINT -> subscribe = in.readBool();
        case (2 << 3) | LEN -> topic = in.readStringRequireUtf8();
        default -> skip(in, tag);
      }
    }
    return new Rpc.SubOpts(subscribe, topic);
  }

  private static WireMessage readMessage(CodedInputStream in) throws IOException {
    byte[] from = null;
    byte[] data = new byte[0];
    byte[] seqno = null;
    String topic = "";
    byte[] signature = null;
    byte[] key = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case (1 << 3) | LEN -> from = in.readByteArray();
        case (2 << 3) | LEN -> data = in.readByteArray();
        case (3 << 3) | LEN -> seqno = in.readByteArray();
        case (4 << 3) | LEN -> topic = in.readStringRequireUtf8();
        case (5 << 3) | LEN -> signature = in.readByteArray();
        case (6 << 3) | LEN -> key = in.readByteArray();
        default -> skip(in, tag);
      }
    }
    return new WireMessage(from, data, seqno, topic, signature, key);
  }

  private static Rpc.Control readControl(CodedInputStream in, RpcLimits limits) throws IOException {
    ControlReader reader = new ControlReader(limits);
    int tag;
    while ((tag = in.readTag()) != 0) {
      reader.read(in, tag);
    }
    return reader.build();
  }

  private static Rpc.Control merge(Rpc.Control a, Rpc.Control b) {
    if (a.isEmpty()) {
      return b;
    }
    return new Rpc.Control(
        concat(a.ihave(), b.ihave()),
        concat(a.iwant(), b.iwant()),
        concat(a.graft(), b.graft()),
        concat(a.prune(), b.prune()));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Skips an unknown field; groups (wire types 3 and 4) are refused: no pubsub field uses them. */
  private static void skip(CodedInputStream in, int tag) throws IOException {
    int type = WireFormat.getTagWireType(tag);
    if (type == WireFormat.WIRETYPE_START_GROUP || type == WireFormat.WIRETYPE_END_GROUP) {
      throw new InvalidRpcException("protobuf groups are not allowed (tag " + tag + ")");
    }
    in.skipField(tag);
  }

  private static void check(boolean ok, String what, int limit) {
    if (!ok) {
      throw new InvalidRpcException("too many %s in one RPC (limit %d)".formatted(what, limit));
    }
  }

  /** Reads the entries of one ControlMessage, counting against the limits as it goes. */
  private static final class ControlReader {
    private final RpcLimits limits;
    private final List<Rpc.IHave> ihave = new ArrayList<>();
    private final List<Rpc.IWant> iwant = new ArrayList<>();
    private final List<Rpc.Graft> graft = new ArrayList<>();
    private final List<Rpc.Prune> prune = new ArrayList<>();
    private int entries;
    private int ihaveIds;
    private int iwantIds;

    ControlReader(RpcLimits limits) {
      this.limits = limits;
    }

    void read(CodedInputStream in, int tag) throws IOException {
      if (WireFormat.getTagWireType(tag) == LEN && WireFormat.getTagFieldNumber(tag) <= 4) {
        check(
            ++entries <= limits.maxControlMessages(),
            "control messages",
            limits.maxControlMessages());
      }
      switch (tag) {
        case (1 << 3) | LEN -> ihave.add(nested(in, () -> readIHave(in)));
        case (2 << 3) | LEN -> iwant.add(nested(in, () -> readIWant(in)));
        case (3 << 3) | LEN -> graft.add(nested(in, () -> readGraft(in)));
        case (4 << 3) | LEN -> prune.add(nested(in, () -> readPrune(in)));
        default -> skip(in, tag);
      }
    }

    Rpc.Control build() {
      return new Rpc.Control(ihave, iwant, graft, prune);
    }

    private Rpc.IHave readIHave(CodedInputStream in) throws IOException {
      String topic = "";
      List<byte[]> ids = new ArrayList<>();
      int tag;
      while ((tag = in.readTag()) != 0) {
        switch (tag) {
          case (1 << 3) | LEN -> topic = in.readStringRequireUtf8();
          case (2 << 3) | LEN -> {
            check(++ihaveIds <= limits.maxIHaveIds(), "IHAVE ids", limits.maxIHaveIds());
            ids.add(in.readByteArray());
          }
          default -> skip(in, tag);
        }
      }
      return new Rpc.IHave(topic, ids);
    }

    private Rpc.IWant readIWant(CodedInputStream in) throws IOException {
      List<byte[]> ids = new ArrayList<>();
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag == ((1 << 3) | LEN)) {
          check(++iwantIds <= limits.maxIWantIds(), "IWANT ids", limits.maxIWantIds());
          ids.add(in.readByteArray());
        } else {
          skip(in, tag);
        }
      }
      return new Rpc.IWant(ids);
    }

    private static Rpc.Graft readGraft(CodedInputStream in) throws IOException {
      String topic = "";
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag == ((1 << 3) | LEN)) {
          topic = in.readStringRequireUtf8();
        } else {
          skip(in, tag);
        }
      }
      return new Rpc.Graft(topic);
    }

    private Rpc.Prune readPrune(CodedInputStream in) throws IOException {
      String topic = "";
      List<Rpc.PeerInfo> peers = new ArrayList<>();
      long backoff = 0;
      int tag;
      while ((tag = in.readTag()) != 0) {
        switch (tag) {
          case (1 << 3) | LEN -> topic = in.readStringRequireUtf8();
          case (2 << 3) | LEN -> {
            check(peers.size() < limits.maxPeerInfos(), "PRUNE peers", limits.maxPeerInfos());
            peers.add(nested(in, () -> readPeerInfo(in)));
          }
          case (3 << 3) | VARINT -> backoff = in.readUInt64();
          default -> skip(in, tag);
        }
      }
      return new Rpc.Prune(topic, peers, backoff);
    }

    private static Rpc.PeerInfo readPeerInfo(CodedInputStream in) throws IOException {
      byte[] peerId = null;
      byte[] record = null;
      int tag;
      while ((tag = in.readTag()) != 0) {
        switch (tag) {
          case (1 << 3) | LEN -> peerId = in.readByteArray();
          case (2 << 3) | LEN -> record = in.readByteArray();
          default -> skip(in, tag);
        }
      }
      return new Rpc.PeerInfo(peerId, record);
    }
  }
}
