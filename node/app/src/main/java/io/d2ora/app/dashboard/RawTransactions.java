package io.d2ora.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Raw transactions from the chain node's JSON-RPC ({@code eth_getTransactionByHash}); asked only
 * for hashes the round's own events name, so the dashboard relays nothing else. HTTP/1.1: the
 * Hardhat node answers HTTP/2 upgrades with 405.
 */
final class RawTransactions {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BYTES = 1024 * 1024;
  private final URI rpc;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  RawTransactions(URI rpc) {
    this.rpc = rpc;
  }

  /** The transaction object, or a message saying why there is none. */
  Result fetch(String txHash) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getTransactionByHash\",\"params\":[\""
            + txHash
            + "\"]}";
    HttpRequest request =
        HttpRequest.newBuilder(rpc)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.body().length > MAX_BYTES) {
        return new Result(
            Optional.empty(), "the chain node's answer exceeds " + MAX_BYTES + " bytes");
      }
      JsonNode n = JSON.readTree(response.body());
      JsonNode result = n == null ? null : n.get("result");
      if (result == null || result.isNull()) {
        return new Result(Optional.empty(), "the chain node does not know the transaction");
      }
      return new Result(Optional.of(result), "");
    } catch (IOException e) {
      return new Result(Optional.empty(), "the chain node did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Optional.empty(), "interrupted");
    }
  }

  record Result(Optional<JsonNode> transaction, String error) {}
}
