package io.d2ora.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.app.D2ora;
import io.d2ora.core.train.TrainingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ModelOptionsTest {

  private static CommandLine command(String... path) {
    CommandLine c = D2ora.commandLine();
    for (String name : path) {
      c = c.getSubcommands().get(name);
    }
    return c;
  }

  @Test
  void shouldGiveEveryModelCommandTheSameFlagsAndDefaults() {
    for (List<String> path :
        List.of(List.of("eval"), List.of("predict"), List.of("demo", "score"))) {
      CommandLine c = command(path.toArray(String[]::new));
      OptionSpec maxSeqLen = c.getCommandSpec().findOption("--max-seq-len");
      OptionSpec baseModel = c.getCommandSpec().findOption("--base-model");

      assertThat((Integer) maxSeqLen.getValue())
          .as(path + " --max-seq-len default")
          .isEqualTo(TrainingConfig.DEFAULT_MAX_SEQ_LEN);
      assertThat((String) baseModel.getValue()).as(path + " --base-model default").isNull();
      assertThat(baseModel.description())
          .containsExactly("base model (default: the one the update's adapter config names)");
    }
  }

  @Test
  void shouldRejectTooShortSequencesAsUserError() {
    ModelOptions options = new ModelOptions();
    options.maxSeqLen = 1;

    assertThatThrownBy(options::maxSeqLen)
        .isInstanceOf(UserException.class)
        .hasMessage("--max-seq-len must be at least 2, got 1");
  }

  @Test
  void shouldExitTwoWhenTheUpdateFileIsMissing() {
    StringWriter err = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("predict", "--adapter", "/no/such/update.safetensors", "--text", "hi");

    assertThat(code).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(err.toString()).isEqualTo("error: /no/such/update.safetensors: no such file\n");
  }
}
