package io.d2ora.app.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** Writes a command's result: JSON (one document, for scripts) or the human-readable text. */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Output() {}

  static void print(CommandSpec spec, boolean json, Object jsonValue, String text) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      try {
        out.println(JSON.writeValueAsString(jsonValue));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write JSON for " + jsonValue, e);
      }
    } else {
      out.println(text);
    }
    out.flush();
  }
}
