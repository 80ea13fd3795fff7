package io.d2ora.app.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.chain.ChainEvent;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The on-chain data behind a dashboard node: a transaction's registry events of one round, decoded,
 * and the raw transaction as the chain node returns it ({@code eth_getTransactionByHash}).
 */
final class TxJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TxJson() {}

  static String render(
      long round, String tx, List<ChainEvent> events, Optional<JsonNode> raw, String rawError) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", round);
    m.put("transaction", tx);
    m.put("block", events.get(0).origin().blockNumber());
    m.put("events", events.stream().map(TxJson::event).toList());
    if (raw.isPresent()) {
      m.put("raw_transaction", raw.get());
    } else {
      m.put("raw_transaction_error", rawError);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode transaction " + tx, e);
    }
  }

  /** An event as {type, log_index, field: value...}; numbers stay numbers, the rest text. */
  static Map<String, Object> event(ChainEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", e.getClass().getSimpleName());
    m.put("log_index", e.origin().logIndex());
    for (RecordComponent c : e.getClass().getRecordComponents()) {
      if (c.getName().equals("origin")) {
        continue;
      }
      try {
        m.put(c.getName(), plain(c.getAccessor().invoke(e)));
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + e, ex);
      }
    }
    return m;
  }

  private static Object plain(Object v) {
    if (v == null || v instanceof Long || v instanceof Integer || v instanceof Boolean) {
      return v;
    }
    if (v instanceof BigInteger b) {
      return b.toString();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(TxJson::plain).toList();
    }
    return v.toString();
  }
}
