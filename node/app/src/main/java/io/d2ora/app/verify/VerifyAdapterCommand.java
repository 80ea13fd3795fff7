package io.d2ora.app.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.cli.UserFiles;
import io.d2ora.core.round.Finalization;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.VerificationReport;
import io.d2ora.core.store.ContentHash;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora verify adapter FILE}: the file's keccak-256 must be the finalized aggregate of a
 * round, and that round must verify. Prints the provenance chain: the round that produced it, its
 * contributors, and the earlier finalized rounds of the same round config it built on.
 */
@Command(
    name = "adapter",
    mixinStandardHelpOptions = true,
    description = "Check that FILE is a finalized, verifiable aggregate and print its provenance.")
public final class VerifyAdapterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerifyOptions options;

  @Parameters(index = "0", paramLabel = "FILE", description = "adapter_model.safetensors")
  Path file;

  @Override
  public Integer call() throws Exception {
    byte[] bytes = UserFiles.readAllBytes(file, "adapter file");
    ContentHash hash = ContentHash.keccak256(bytes);
    PrintWriter out = spec.commandLine().getOut();
    try (Verification v = new Verification(options)) {
      List<Map<String, Object>> lineage = new ArrayList<>();
      Optional<RoundId> producer = Optional.empty();
      for (long id = v.directory.roundCount(); id >= 1; id--) {
        RoundId round = RoundId.of(id);
        Optional<Finalization> fin = v.ledger.finalization(round);
        boolean sameConfig =
            v.ledger.round(round).map(r -> r.configHash().equals(v.config.hash())).orElse(false);
        if (fin.isEmpty() || !sameConfig) {
          continue;
        }
        if (producer.isEmpty() && fin.get().aggregateHash().equals(hash)) {
          producer = Optional.of(round);
        } else if (producer.isPresent()) {
          Map<String, Object> step = new LinkedHashMap<>();
          step.put("round", id);
          step.put("aggregate", fin.get().aggregateHash().hex());
          step.put("block", fin.get().blockNumber());
          lineage.add(step);
        }
      }
      if (producer.isEmpty()) {
        out.println(file + " (" + hash.hex() + ") is not the finalized aggregate of any round");
        out.flush();
        return VerifyCommand.EXIT_MISMATCH;
      }
      VerificationReport report = v.verify(producer.get());
      print(out, hash, report, lineage);
      return report.valid() ? 0 : VerifyCommand.EXIT_MISMATCH;
    }
  }

  private void print(
      PrintWriter out,
      ContentHash hash,
      VerificationReport report,
      List<Map<String, Object>> lineage)
      throws Exception {
    if (options.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", file.toString());
      m.put("hash", hash.hex());
      m.put("produced_by", ReportPrinter.toMap(report));
      m.put("built_on", lineage);
      out.println(new ObjectMapper().writeValueAsString(m));
      out.flush();
      return;
    }
    out.println(file + " = " + hash.hex());
    out.println("produced by round " + report.round() + ":");
    ReportPrinter.print(out, report, false);
    for (Map<String, Object> step : lineage) {
      out.println(
          "  built on round "
              + step.get("round")
              + " -> "
              + step.get("aggregate")
              + " (block "
              + step.get("block")
              + ")");
    }
    out.flush();
  }
}
