package io.d2ora.chain.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.SignedUpdate;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.StructuredDataEncoder;

class UpdateSignerTest {
  private static final EthAddress REGISTRY =
      EthAddress.of("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
  private static final ChainKey KEY =
      ChainKey.fromPrivateKeyHex(
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  private static final Hash32 UPDATE = Hash32.keccak256("update".getBytes(StandardCharsets.UTF_8));
  private static final Hash32 BASE = Hash32.keccak256("base".getBytes(StandardCharsets.UTF_8));
  private final UpdateSigner signer = new UpdateSigner(31337, REGISTRY);

  @Test
  void shouldProduceTheSameDigestAsWeb3jsEip712Encoder() throws Exception {
    String typedData =
        """
        {"types": {
           "EIP712Domain": [{"name":"name","type":"string"},{"name":"version","type":"string"},
                            {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
           "Update": [{"name":"roundId","type":"uint256"},{"name":"updateHash","type":"bytes32"},
                      {"name":"numSamples","type":"uint64"},{"name":"baseModelHash","type":"bytes32"}]},
         "primaryType": "Update",
         "domain": {"name":"D2ORA","version":"1","chainId":31337,"verifyingContract":"%s"},
         "message": {"roundId": 3, "updateHash": "%s", "numSamples": 1234, "baseModelHash": "%s"}}
        """
            .formatted(REGISTRY, UPDATE, BASE);
    byte[] expected = new StructuredDataEncoder(typedData).hashStructuredData();
    assertThat(signer.digest(3, UPDATE, 1234, BASE)).isEqualTo(Hash32.of(expected));
  }

  @Test
  void shouldRecoverTheSignerFromItsSignature() {
    SignedUpdate update = signer.sign(KEY, 3, UPDATE, 1234, BASE);
    assertThat(update.signer())
        .isEqualTo(EthAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
    assertThat(update.signature()[64]).isIn((byte) 27, (byte) 28);
    assertThat(signer.verify(update)).isTrue();
  }

  @Test
  void shouldNotVerifyWhenAnySignedFieldOrTheDomainChanges() {
    SignedUpdate update = signer.sign(KEY, 3, UPDATE, 1234, BASE);
    var otherRound = new SignedUpdate(4, UPDATE, 1234, BASE, update.signer(), update.signature());
    var otherSamples = new SignedUpdate(3, UPDATE, 1235, BASE, update.signer(), update.signature());
    assertThat(signer.verify(otherRound)).isFalse();
    assertThat(signer.verify(otherSamples)).isFalse();
    assertThat(new UpdateSigner(1, REGISTRY).verify(update)).isFalse();
    assertThat(new UpdateSigner(31337, EthAddress.ZERO).verify(update)).isFalse();
  }

  @Test
  void shouldReturnTheZeroAddressForGarbageSignatures() {
    var garbage = new SignedUpdate(3, UPDATE, 1, BASE, KEY.address(), new byte[65]);
    assertThat(signer.recover(garbage)).isEqualTo(EthAddress.ZERO);
  }
}
