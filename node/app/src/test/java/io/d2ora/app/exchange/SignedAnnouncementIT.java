package io.d2ora.app.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.signing.UpdateSigner;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.store.ContentHash;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.rpc.ContentExchangeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed announcements between real peer stacks on loopback: an attacker publishes on the gossip
 * topic announcements signed with another key than the signer's, and two updates correctly signed
 * for one round. The receiving node must deliver neither forgery, deliver the genuine ones, and
 * report the pair as equivocation exactly once. The registry's side ({@link UpdateSignatures}) is
 * the registry's EIP-712 signer and checker over a fixed domain, with the report recorded here;
 * over a real chain the acceptance tests cover it ({@code ByzantineAcceptanceTest}).
 */
class SignedAnnouncementIT {
  private static final long CHAIN_ID = 31337;
  private static final EthAddress REGISTRY = EthAddress.of("0x" + "5f".repeat(20));
  private static final ContentHash BASE = ContentHash.keccak256("base model".getBytes());
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final UpdateSigner signer = new UpdateSigner(CHAIN_ID, REGISTRY);
  private final ChainKey attacker = ChainKey.generate();
  private final ChainKey other = ChainKey.generate();
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final List<PeerStack> stacks = new ArrayList<>();

  @AfterEach
  void stop() {
    stacks.forEach(PeerStack::close);
  }

  /** The registry's side without a chain: EIP-712 over {@link #REGISTRY}, reports recorded. */
  private final UpdateSignatures registry =
      new UpdateSignatures() {
        @Override
        public SignedAnnouncement sign(UpdateAnnouncement own) {
          throw new UnsupportedOperationException("the receiving node announces nothing here");
        }

        @Override
        public boolean verify(SignedAnnouncement a) {
          return signer.verify(signed(a));
        }

        @Override
        public String report(SignedAnnouncement first, SignedAnnouncement second) {
          reports.add(first.announcement().updateHash() + " " + second.announcement().updateHash());
          return "0xreport";
        }
      };

  private SignedUpdate signed(SignedAnnouncement a) {
    UpdateAnnouncement u = a.announcement();
    return new SignedUpdate(
        u.round().value(),
        Hash32.of(u.updateHash().hex()),
        a.numSamples(),
        Hash32.of(BASE.hex()),
        EthAddress.of(u.signer().hex()),
        a.signature());
  }

  private SignedAnnouncement announcement(ChainKey key, Address signer, int update) {
    ContentHash hash = ContentHash.keccak256(new byte[] {(byte) update});
    SignedUpdate s = this.signer.sign(key, 3, Hash32.of(hash.hex()), 16, Hash32.of(BASE.hex()));
    return new SignedAnnouncement(
        new UpdateAnnouncement(RoundId.of(3), signer, hash, 1000), 16, s.signature());
  }

  private PeerStack stack() {
    PeerStack s =
        PeerStack.start(
            P2PConfig.builder(PrivateKey.generateEd25519())
                .listenAddress("/ip4/127.0.0.1/tcp/0")
                .build(),
            List.of());
    stacks.add(s);
    return s;
  }

  @Test
  void shouldDropForgedSignaturesAndReportTwoSignedUpdatesOnce() throws Exception {
    PeerStack node = stack();
    List<String> reported = new CopyOnWriteArrayList<>();
    P2PUpdateExchange exchange =
        node.startExchange(
            CHAIN_ID,
            h -> Optional.empty(),
            PeerBinding.NONE,
            ContentExchangeConfig.DEFAULT,
            Optional.of(
                new AnnouncementSigning(
                    registry,
                    new EquivocationReports() {
                      @Override
                      public void reported(RoundId round, Address offender, String tx) {
                        reported.add(offender + " " + tx);
                      }

                      @Override
                      public void notReported(RoundId round, Address offender, String reason) {
                        reported.add("not " + offender + " " + reason);
                      }
                    })));
    List<UpdateAnnouncement> delivered = new CopyOnWriteArrayList<>();
    exchange.subscribe((a, from) -> delivered.add(a));
    PeerStack hostile = stack();
    hostile.network().dial(multiaddr(node)).get(5, TimeUnit.SECONDS);
    String topic = P2PUpdateExchange.topic(CHAIN_ID);
    awaitMesh(hostile, node, topic);
    Address self = Address.parse(attacker.address().hex());

    SignedAnnouncement forged = announcement(other, self, 1);
    SignedAnnouncement first = announcement(attacker, self, 2);
    SignedAnnouncement second = announcement(attacker, self, 3);
    for (SignedAnnouncement a : List.of(forged, first, second)) {
      hostile.pubsub().publish(topic, AnnouncementCodec.encode(a));
    }

    long end = System.nanoTime() + WAIT.toNanos();
    while ((delivered.size() < 2 || reported.isEmpty()) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    Thread.sleep(300); // nothing more may arrive
    assertThat(delivered)
        .as("the genuine announcements; never the forged signature")
        .containsExactlyInAnyOrder(first.announcement(), second.announcement());
    assertThat(reports)
        .containsExactly(
            first.announcement().updateHash() + " " + second.announcement().updateHash());
    assertThat(reported).containsExactly(self + " 0xreport");
  }

  private static io.d2ora.p2p.multiformats.Multiaddr multiaddr(PeerStack s) {
    return s.network().localPeerId().appendTo(s.network().listenAddresses().get(0));
  }

  private static void awaitMesh(PeerStack from, PeerStack to, String topic) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!from.pubsub().peers(topic).contains(to.network().localPeerId())) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("gossip did not learn the node's subscription");
      }
      Thread.sleep(20);
    }
  }
}
