package io.d2ora.app.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.store.ContentHash;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code d2ora adapter inspect FILE [--json]}: tensors, shapes, metadata, size and hash. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Validate an update file and show its tensors, metadata, size and hash.")
public final class AdapterInspectCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "an adapter_model.safetensors update file")
  private Path file;

  @Option(names = "--json", description = "print one JSON object instead of text")
  private boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    UpdateFiles.Loaded loaded = UpdateFiles.load(file);
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> report = report(loaded);
    if (json) {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      printText(out, loaded.update(), report);
    }
    return 0;
  }

  private Map<String, Object> report(UpdateFiles.Loaded loaded) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("file", file.toString());
    r.put("bytes", loaded.bytes().length);
    r.put("hash", ContentHash.keccak256(loaded.bytes()).hex());
    r.put("headerBytes", ByteBuffer.wrap(loaded.bytes()).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
    List<Map<String, Object>> tensors = new ArrayList<>();
    loaded
        .update()
        .tensors()
        .forEach(
            (name, t) -> {
              Map<String, Object> e = new LinkedHashMap<>();
              e.put("name", name);
              e.put("dtype", SafetensorsCodec.DTYPE);
              e.put("shape", t.shape());
              e.put("elements", t.size());
              tensors.add(e);
            });
    r.put("elements", loaded.update().elementCount());
    r.put("tensors", tensors);
    r.put("metadata", loaded.update().metadata());
    return r;
  }

  private static void printText(PrintWriter out, AdapterUpdate update, Map<String, Object> r) {
    out.printf("file      %s%n", r.get("file"));
    out.printf("size      %d bytes (header %d)%n", r.get("bytes"), r.get("headerBytes"));
    out.printf("hash      %s%n", r.get("hash"));
    out.printf(
        "tensors   %d (%d float32 elements)%n", update.tensors().size(), update.elementCount());
    int width = update.tensors().keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, FloatTensor> e : update.tensors().entrySet()) {
      out.printf(
          "  %-" + width + "s  %s  %s%n",
          e.getKey(),
          SafetensorsCodec.DTYPE,
          Arrays.toString(e.getValue().shape()));
    }
    out.printf("metadata  %d entries%n", update.metadata().size());
    update.metadata().forEach((k, v) -> out.printf("  %s = %s%n", k, v));
  }
}
