package io.d2ora.testing;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The one rule for a missing real component (STYLE.md, tests): in CI ({@code CI=true}) the test
 * FAILS, so a broken setup can never pass as green; on a developer's machine it is skipped.
 */
public final class MissingComponent {
  private MissingComponent() {}

  /**
   * Fails (CI) or aborts (elsewhere) the calling test. It never returns normally; the return type
   * lets callers write {@code throw MissingComponent.report(...)} where the compiler needs a throw.
   *
   * @param problem what is missing, e.g. "Hardhat on Node 22 is missing: ... does not exist"
   * @param setup how to get it, e.g. "run scripts/setup.sh"
   */
  public static RuntimeException report(String problem, String setup) {
    return report(inCi(), problem, setup);
  }

  static RuntimeException report(boolean ci, String problem, String setup) {
    if (ci) {
      throw failure(problem, setup);
    }
    throw new TestAbortedException(skipReason(problem, setup));
  }

  /** Whether this run is a CI run: {@code CI=true} in any letter case, as CI services set it. */
  static boolean inCi() {
    return isCi(System.getenv("CI"));
  }

  static boolean isCi(String ciVariable) {
    return "true".equalsIgnoreCase(ciVariable);
  }

  static AssertionFailedError failure(String problem, String setup) {
    return new AssertionFailedError(
        problem + " (" + setup + "). CI=true, so a missing component fails the test.");
  }

  static String skipReason(String problem, String setup) {
    return "skipped on this machine: " + problem + " (" + setup + "); with CI=true it fails";
  }
}
