package io.d2ora.app.verify;

import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.VerificationReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code d2ora verify round N}. */
@Command(
    name = "round",
    mixinStandardHelpOptions = true,
    description = "Verify round N; exit 3 with the reasons if it does not verify.")
public final class VerifyRoundCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerifyOptions options;

  @Parameters(index = "0", paramLabel = "N", description = "the round id")
  long round;

  @Override
  public Integer call() throws Exception {
    try (Verification v = new Verification(options)) {
      VerificationReport report = v.verify(RoundId.of(round));
      ReportPrinter.print(spec.commandLine().getOut(), report, options.json);
      return report.valid() ? 0 : VerifyCommand.EXIT_MISMATCH;
    }
  }
}
