package io.d2ora.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.chain.testing.Devnet;
import io.d2ora.chain.web3j.Web3jChainClient;
import io.d2ora.core.round.Address;
import io.d2ora.p2p.identity.KeyType;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Peer-ID squatting against a real Hardhat node: Mallory names Alice's libp2p peer ID under her own
 * account before Alice's node starts, first with a bogus proof, then with Alice's real proof
 * copied. Alice still registers (the registry has no first-come lock-out) and is found under her
 * own record; Mallory's records are ignored by every reader, while a record Mallory proves with her
 * own key is believed.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class PeerRegistrationIT {
  private static Devnet devnet;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void shouldIgnoreASquattedPeerIdAndFindTheOwnerUnderHerOwnRecord() {
    PrivateKey aliceKey = PrivateKey.generate(KeyType.ED25519);
    byte[] aliceId = aliceKey.peerId().bytes();
    List<String> aliceAddrs = List.of("/ip4/127.0.0.1/tcp/4101");
    try (var alice = new ChainRoundLedger(devnet.client(1), devnet.account(1));
        Web3jChainClient mallory = devnet.client(2)) {
      ChainDirectory directory = alice.directory();
      Address malloryAddress = new Address(mallory.account().hex());

      byte[] bogus = new byte[64];
      new Random(7).nextBytes(bogus);
      mallory.registerPeer(aliceId, List.of("/ip4/10.6.6.6/tcp/4101"), bogus);
      assertThat(directory.peer(malloryAddress)).as("bogus proof").isEmpty();

      assertThat(PeerRegistrar.ensureRegistered(alice, aliceKey, aliceAddrs))
          .as("Alice's node registers although Mallory named her peer ID first")
          .isPresent();
      var found = directory.peer(alice.self()).orElseThrow();
      assertThat(found.peerId()).isEqualTo(aliceId);
      assertThat(found.multiaddrs()).isEqualTo(aliceAddrs);
      assertThat(PeerRegistrar.ensureRegistered(alice, aliceKey, aliceAddrs))
          .as("a restart with the same identity sends nothing")
          .isEmpty();

      PeerRegistration aliceRecord = mallory.peer(EthAddress.of(alice.self().hex())).orElseThrow();
      mallory.registerPeer(aliceId, List.of("/ip4/10.6.6.6/tcp/4101"), aliceRecord.proof());
      assertThat(directory.peer(malloryAddress)).as("Alice's proof copied").isEmpty();
      assertThat(directory.registeredPeer(malloryAddress)).isEmpty();
      assertThat(directory.peer(alice.self()).orElseThrow().peerId()).isEqualTo(aliceId);

      PrivateKey malloryKey = PrivateKey.generate(KeyType.ED25519);
      byte[] proof =
          PeerProofs.sign(
              malloryKey, mallory.chainId(), mallory.registryAddress(), mallory.account());
      mallory.registerPeer(malloryKey.peerId().bytes(), List.of(), proof);
      assertThat(directory.registeredPeer(malloryAddress))
          .as("her own key, proven")
          .hasValueSatisfying(id -> assertThat(id).isEqualTo(malloryKey.peerId().bytes()));
    }
  }

  @Test
  void shouldVerifyProofsFromSecp256k1PeerKeysToo() {
    PrivateKey key = PrivateKey.generate(KeyType.SECP256K1);
    EthAddress account = devnet.account(3).address();
    byte[] proof = PeerProofs.sign(key, devnet.chainId(), devnet.registryAddress(), account);
    String idHex = java.util.HexFormat.of().formatHex(key.peerId().bytes());
    String proofHex = java.util.HexFormat.of().formatHex(proof);
    var record = new PeerRegistration(account, idHex, List.of(), proofHex);
    assertThat(PeerProofs.verifies(record, devnet.chainId(), devnet.registryAddress())).isTrue();
    assertThat(PeerProofs.verifies(record, devnet.chainId() + 1, devnet.registryAddress()))
        .as("bound to the chain")
        .isFalse();
    var garbage = new PeerRegistration(account, "00ff", List.of(), proofHex);
    assertThat(PeerProofs.verifies(garbage, devnet.chainId(), devnet.registryAddress())).isFalse();
  }
}
