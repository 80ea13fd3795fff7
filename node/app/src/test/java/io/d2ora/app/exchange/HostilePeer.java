package io.d2ora.app.exchange;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.store.ContentHash;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.pubsub.GossipSub;
import io.d2ora.p2p.rpc.ContentExchange;
import io.d2ora.p2p.stream.LengthPrefixed;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hostile peer in a process of its own, so that the node's memory is measured without the
 * attacker's: {@code flood <multiaddr> <chainId> <count>} publishes signed announcements after a
 * {@code go} line on stdin; {@code loris <multiaddr> <hashHex> <peers> <streams>} requests the
 * content on that many streams from that many identities and never reads, until stdin closes.
 * Prints {@code peer <id>} first and {@code done} or {@code holding} when it has done its part.
 */
public final class HostilePeer {
  private HostilePeer() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Multiaddr target = Multiaddr.parse(args[1]);
    PeerId targetId = PeerId.fromMultiaddr(target).orElseThrow();
    switch (args[0]) {
      case "flood" ->
          flood(target, targetId, Long.parseLong(args[2]), Integer.parseInt(args[3]), in, out);
      case "loris" ->
          loris(
              target,
              targetId,
              HexFormat.of().parseHex(args[2]),
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]),
              in,
              out);
      default -> throw new IllegalArgumentException("flood or loris, got " + args[0]);
    }
    System.exit(0);
  }

  private static P2PNetwork connect(Multiaddr target) throws Exception {
    P2PNetwork n =
        P2PNetworkBuilder.create(
                P2PConfig.builder(PrivateKey.generateEd25519())
                    .listenAddress("/ip4/127.0.0.1/tcp/0")
                    .build())
            .build();
    n.start().get(10, TimeUnit.SECONDS);
    n.dial(target).get(10, TimeUnit.SECONDS);
    return n;
  }

  private static void flood(
      Multiaddr target,
      PeerId targetId,
      long chainId,
      int count,
      BufferedReader in,
      PrintStream out)
      throws Exception {
    P2PNetwork n = connect(target);
    out.println("peer " + n.localPeerId());
    GossipSub gossip = GossipSub.attach(n);
    String topic = P2PUpdateExchange.topic(chainId);
    while (!gossip.peers(topic).contains(targetId)) {
      Thread.sleep(20);
    }
    in.readLine();
    for (int i = 0; i < count; i++) {
      Address signer = Address.parse(String.format("0x%040x", i % 2 == 0 ? 1 : i));
      gossip.publish(
          topic,
          AnnouncementCodec.encode(
              new UpdateAnnouncement(RoundId.of(1), signer, ContentHash.of(new byte[32]), 1)));
    }
    Thread.sleep(3000);
    out.println("done");
    gossip.close();
    n.close();
  }

  private static void loris(
      Multiaddr target,
      PeerId targetId,
      byte[] hash,
      int peers,
      int streams,
      BufferedReader in,
      PrintStream out)
      throws Exception {
    List<P2PNetwork> identities = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      P2PNetwork n = connect(target);
      identities.add(n);
      for (int j = 0; j < streams; j++) {
        P2PStream s = n.openStream(targetId, ContentExchange.PROTOCOL_ID).get(10, TimeUnit.SECONDS);
        s.inputStream(); // taken, never read: the node's writes stay held back by flow control
        s.write(LengthPrefixed.frame(hash));
        s.closeWrite();
      }
    }
    out.println("holding " + peers * streams);
    while (in.readLine() != null) {
      // held until the test closes stdin
    }
    identities.forEach(P2PNetwork::close);
  }
}
