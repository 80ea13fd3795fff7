package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainRevertException;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.contracts.D2oraStakeToken;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * Turns revert data into {@link ChainRevertException}s naming the custom error: the errors are the
 * {@code CustomError} constants web3j generated into the registry and token wrappers, plus
 * Solidity's {@code Error(string)} and {@code Panic(uint256)}.
 */
final class RevertDecoder {
  private static final String ERROR_SELECTOR = "0x08c379a0";
  private static final String PANIC_SELECTOR = "0x4e487b71";
  private static final Map<String, CustomError> ERRORS = new HashMap<>();

  static {
    register(D2oraRegistry.class);
    register(D2oraStakeToken.class);
    ERRORS.put(
        ERROR_SELECTOR, new CustomError("Error", List.of(new TypeReference<Utf8String>() {})));
    ERRORS.put(PANIC_SELECTOR, new CustomError("Panic", List.of(new TypeReference<Uint256>() {})));
  }

  private RevertDecoder() {}

  private static void register(Class<?> wrapper) {
    for (Field field : wrapper.getFields()) {
      if (field.getType() == CustomError.class && Modifier.isStatic(field.getModifiers())) {
        try {
          CustomError error = (CustomError) field.get(null);
          ERRORS.put(CustomErrorEncoder.encode(error).substring(0, 10), error);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot read " + field, e);
        }
      }
    }
  }

  /**
   * Decodes {@code data} (0x-prefixed revert data); {@code fallback} describes undecodable reverts.
   */
  static ChainRevertException decode(String operation, String data, String fallback) {
    if (data == null || data.length() < 10 || !data.startsWith("0x")) {
      return new ChainRevertException(operation, "unknown", List.of(String.valueOf(fallback)));
    }
    String selector = data.substring(0, 10).toLowerCase(java.util.Locale.ROOT);
    CustomError error = ERRORS.get(selector);
    if (error == null) {
      return new ChainRevertException(
          operation, "unknown", List.of(selector, String.valueOf(fallback)));
    }
    try {
      List<Type> values = FunctionReturnDecoder.decode(data.substring(10), error.getParameters());
      return new ChainRevertException(
          operation, error.getName(), values.stream().map(RevertDecoder::text).toList());
    } catch (RuntimeException e) {
      return new ChainRevertException(operation, error.getName(), List.of("undecodable " + data));
    }
  }

  private static String text(Type<?> value) {
    Object v = value.getValue();
    if (v instanceof byte[] bytes) {
      return "0x" + HexFormat.of().formatHex(bytes);
    }
    if (v instanceof BigInteger i) {
      return i.toString();
    }
    return String.valueOf(v);
  }
}
