package io.d2ora.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.identity.KeyType;
import io.d2ora.p2p.identity.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {
  private final PrivateKey alice = PrivateKey.generateEd25519();
  private final PrivateKey bob = PrivateKey.generate(KeyType.SECP256K1);

  private NoiseSession[] run(NoiseHandshake i, NoiseHandshake r) {
    byte[] m1 = i.start();
    byte[] m2 = r.onMessage(m1).orElseThrow();
    byte[] m3 = i.onMessage(m2).orElseThrow();
    assertThat(r.onMessage(m3)).isEmpty();
    return new NoiseSession[] {i.session(), r.session()};
  }

  @Test
  void shouldAuthenticateBothSidesAndAgreeOnKeys() {
    NoiseSession[] s =
        run(
            NoiseHandshake.initiator(alice, bob.peerId(), List.of("/yamux/1.0.0")),
            NoiseHandshake.responder(bob, List.of()));

    assertThat(s[0].remotePeer()).isEqualTo(bob.peerId());
    assertThat(s[1].remotePeer()).isEqualTo(alice.peerId());
    assertThat(s[1].remoteMuxers()).containsExactly("/yamux/1.0.0");
    byte[] msg = "hello".getBytes();
    assertThat(s[1].receiver().decrypt(new byte[0], s[0].sender().encrypt(new byte[0], msg)))
        .isEqualTo(msg);
    assertThat(s[0].receiver().decrypt(new byte[0], s[1].sender().encrypt(new byte[0], msg)))
        .isEqualTo(msg);
  }

  @Test
  void shouldRejectRemoteWhoseIdentityDiffersFromTheDialledPeer() {
    NoiseHandshake i =
        NoiseHandshake.initiator(alice, PrivateKey.generateEd25519().peerId(), List.of());
    NoiseHandshake r = NoiseHandshake.responder(bob, List.of());
    byte[] m2 = r.onMessage(i.start()).orElseThrow();

    assertThatThrownBy(() -> i.onMessage(m2))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("was dialled");
  }

  @Test
  void shouldRejectTamperedHandshakeMessage() {
    NoiseHandshake i = NoiseHandshake.initiator(alice, null, List.of());
    NoiseHandshake r = NoiseHandshake.responder(bob, List.of());
    byte[] m2 = r.onMessage(i.start()).orElseThrow();
    m2[40] ^= 1;

    assertThatThrownBy(() -> i.onMessage(m2)).isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void shouldRejectReplayedTransportMessage() {
    NoiseSession[] s =
        run(
            NoiseHandshake.initiator(alice, null, List.of()),
            NoiseHandshake.responder(bob, List.of()));
    byte[] c = s[0].sender().encrypt(new byte[0], new byte[] {1});
    s[1].receiver().decrypt(new byte[0], c);

    assertThatThrownBy(() -> s[1].receiver().decrypt(new byte[0], c))
        .isInstanceOf(ProtocolViolationException.class);
  }
}
