package io.d2ora.p2p.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.p2p.ProtocolViolationException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key vectors from the libp2p peer-ids spec and RFC 8032. */
class KeyTest {
  private static final HexFormat HEX = HexFormat.of();
  @TempDir Path dir;

  @Test
  void shouldDecodeSpecEd25519PrivateKeyVector() {
    PrivateKey key =
        PrivateKey.fromProtobuf(
            HEX.parseHex(
                "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"));

    assertThat(HEX.formatHex(key.publicKey().toProtobuf()))
        .isEqualTo("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
    assertThat(PrivateKey.fromProtobuf(key.toProtobuf()).publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void shouldDecodeSpecSecp256k1Vectors() {
    PrivateKey key =
        PrivateKey.fromProtobuf(
            HEX.parseHex(
                "0802122053dadf1d5a164d6b4acdb15e24aa4c5b1d3461bdbd42abedb0a4404d56ced8fb"));

    assertThat(HEX.formatHex(key.publicKey().toProtobuf()))
        .isEqualTo("08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99");
  }

  @Test
  void shouldSignLikeRfc8032TestOne() {
    PrivateKey key =
        PrivateKey.ed25519FromSeed(
            HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

    assertThat(HEX.formatHex(key.publicKey().raw()))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assertThat(HEX.formatHex(key.sign(new byte[0])))
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  }

  @Test
  void shouldEmitLowSAndVerifySecp256k1Signatures() {
    PrivateKey key = PrivateKey.generate(KeyType.SECP256K1);
    BigInteger halfN = Secp256k1.HALF_N;
    for (int i = 0; i < 40; i++) {
      byte[] msg = ("message " + i).getBytes(StandardCharsets.UTF_8);
      byte[] sig = key.sign(msg);
      BigInteger s =
          ASN1Integer.getInstance(ASN1Sequence.getInstance(sig).getObjectAt(1)).getValue();

      assertThat(s).isLessThanOrEqualTo(halfN);
      assertThat(key.publicKey().verify(msg, sig)).isTrue();
      assertThat(key.publicKey().verify(new byte[] {1}, sig)).isFalse();
    }
    assertThat(key.publicKey().verify(new byte[0], new byte[] {0x30, 0})).isFalse();
  }

  @Test
  void shouldRejectTamperedEd25519Signature() {
    PrivateKey key = PrivateKey.generateEd25519();
    byte[] sig = key.sign(new byte[] {1, 2});
    sig[5] ^= 1;

    assertThat(key.publicKey().verify(new byte[] {1, 2}, sig)).isFalse();
    assertThat(key.publicKey().verify(new byte[] {1, 2}, new byte[3])).isFalse();
  }

  @Test
  void shouldRejectUnsupportedOrMalformedKeyProtobufs() {
    assertThatThrownBy(() -> PublicKey.fromProtobuf(HEX.parseHex("080012020102")))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("unsupported key type 0");
    assertThatThrownBy(() -> PublicKey.fromProtobuf(HEX.parseHex("0801")))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> PublicKey.fromProtobuf(HEX.parseHex("080112021234")))
        .isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void shouldPersistKeysInFiles() {
    Path file = dir.resolve("k/node.key");
    PrivateKey created = KeyFiles.loadOrCreate(file, KeyType.SECP256K1);

    assertThat(KeyFiles.load(file).peerId()).isEqualTo(created.peerId());
    assertThatThrownBy(() -> KeyFiles.save(file, created))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }
}
