package io.d2ora.chain.web3j;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.chain.ChainRevertException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;

class RevertDecoderTest {
  private static String encode(String signature, List<Type> args) {
    String selector = Hash.sha3String(signature).substring(0, 10);
    return selector + FunctionEncoder.encodeConstructor(args);
  }

  @Test
  void shouldNameARegistryCustomErrorWithItsArguments() {
    String data =
        encode(
            "CommitClosed(uint256,uint64,uint64)",
            List.of(new Uint256(7), new Uint64(1000), new Uint64(1001)));
    ChainRevertException e = RevertDecoder.decode("commit", data, "fallback");
    assertThat(e.errorName()).isEqualTo("CommitClosed");
    assertThat(e.arguments()).containsExactly("7", "1000", "1001");
    assertThat(e).hasMessage("commit reverted: CommitClosed(7, 1000, 1001)");
  }

  @Test
  void shouldDecodeTokenErrorsReasonStringsAndPanics() {
    String balance =
        encode(
            "ERC20InsufficientBalance(address,uint256,uint256)",
            List.of(new Address("0x" + "01".repeat(20)), new Uint256(1), new Uint256(2)));
    assertThat(RevertDecoder.decode("stake", balance, "").errorName())
        .isEqualTo("ERC20InsufficientBalance");
    String reason = encode("Error(string)", List.of(new Utf8String("no way")));
    assertThat(RevertDecoder.decode("x", reason, "").arguments()).containsExactly("no way");
    String panic = encode("Panic(uint256)", List.of(new Uint256(BigInteger.valueOf(0x11))));
    assertThat(RevertDecoder.decode("x", panic, "").arguments()).containsExactly("17");
  }

  @Test
  void shouldKeepTheNodesMessageWhenTheDataIsUnknownOrMissing() {
    assertThat(RevertDecoder.decode("x", null, "node said no").arguments())
        .containsExactly("node said no");
    ChainRevertException unknown = RevertDecoder.decode("x", "0xdeadbeef", "msg");
    assertThat(unknown.errorName()).isEqualTo("unknown");
    assertThat(unknown.arguments()).containsExactly("0xdeadbeef", "msg");
  }
}
