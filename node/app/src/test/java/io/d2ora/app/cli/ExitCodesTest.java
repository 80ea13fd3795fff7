package io.d2ora.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.adapter.MalformedUpdateException;
import io.d2ora.core.round.LedgerUnavailableException;
import io.d2ora.core.store.StoreException;
import io.d2ora.core.train.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Exit codes follow core's fault branches, with no list of exception classes in the app. */
class ExitCodesTest {
  private final StringWriter err = new StringWriter();

  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    private final RuntimeException failure;

    Failing(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() {
      throw failure;
    }
  }

  private int run(RuntimeException failure) {
    CommandLine cli = ExitCodes.configure(new CommandLine(new Failing(failure)));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute();
  }

  @Test
  void shouldExitTwoWithOneLineWhenCoreBlamesTheInput() {
    int code = run(new ConfigException("learning_rate must be > 0, got -1"));

    assertThat(code).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(err.toString()).isEqualTo("error: learning_rate must be > 0, got -1\n");
  }

  @Test
  void shouldExitTwoWhenTheInputFaultIsWrapped() {
    int code = run(new CompletionException(new MalformedUpdateException("bad header length")));

    assertThat(code).isEqualTo(ExitCodes.USER_ERROR);
  }

  @Test
  void shouldExitTwoForTheAppsOwnUserErrors() {
    assertThat(run(new UserException("--data: no such file"))).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(err.toString()).isEqualTo("error: --data: no such file\n");
  }

  @Test
  void shouldExitOneWithStackTraceWhenSomethingExternalFails() {
    assertThat(run(new StoreException("cannot write node-state.json: disk full")))
        .isEqualTo(ExitCodes.UNEXPECTED);
    assertThat(run(new LedgerUnavailableException("no answer from http://127.0.0.1:8545")))
        .isEqualTo(ExitCodes.UNEXPECTED);
    assertThat(err.toString()).contains("unexpected error: ").contains("\tat ");
  }

  @Test
  void shouldExitOneWithStackTraceForOurBugs() {
    assertThat(run(new IllegalStateException("invariant broken"))).isEqualTo(ExitCodes.UNEXPECTED);
    assertThat(err.toString()).startsWith("unexpected error: java.lang.IllegalStateException");
  }
}
