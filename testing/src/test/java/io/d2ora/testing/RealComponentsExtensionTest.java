package io.d2ora.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * Runs fixture classes through the Jupiter engine against an empty project root, where every
 * component is missing: the class (or method) must be skipped here and failed under CI=true, and
 * its body must never run.
 */
class RealComponentsExtensionTest {
  private static final boolean CI = MissingComponent.isCi(System.getenv("CI"));
  @TempDir Path emptyRoot;
  private String savedHome;

  @BeforeEach
  void pointAtEmptyRoot() {
    NeedsModel.RAN.set(false);
    NeedsAnvilInOneMethod.RAN.set(false);
    savedHome = System.getProperty(ProjectRoot.PROPERTY);
    System.setProperty(ProjectRoot.PROPERTY, emptyRoot.toString());
  }

  @AfterEach
  void restoreRoot() {
    if (savedHome == null) {
      System.clearProperty(ProjectRoot.PROPERTY);
    } else {
      System.setProperty(ProjectRoot.PROPERTY, savedHome);
    }
  }

  @Test
  void shouldStopTheWholeClassBeforeItsBeforeAllWhenAClassComponentIsMissing() {
    EngineExecutionResults results = run(NeedsModel.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(1, event(container(NeedsModel.class), missing()));
    results.testEvents().assertStatistics(s -> s.started(0));
    assertThat(NeedsModel.RAN).isFalse();
  }

  @Test
  void shouldStopOnlyTheAnnotatedMethodWhenAMethodComponentIsMissing() {
    Events tests = run(NeedsAnvilInOneMethod.class).testEvents();

    tests.assertStatistics(s -> s.succeeded(1));
    tests.assertThatEvents().haveExactly(1, event(test("needsAnvil"), missing()));
    assertThat(NeedsAnvilInOneMethod.RAN).isFalse();
  }

  private static EngineExecutionResults run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
  }

  /** Failed (CI) with the component's error, else skipped with a reason naming the fix. */
  private static Condition<Event> missing() {
    return CI
        ? finishedWithFailure(
            instanceOf(AssertionFailedError.class),
            message(m -> m.contains("Anvil") || m.contains("base model")),
            message(m -> m.contains("scripts/setup.sh")))
        : skippedWithReason(r -> r.contains("scripts/setup.sh") && r.contains("is missing"));
  }

  /** Fixture: records whether any of its code ran (it must not, without the model). */
  @RequiresRealComponents(RealComponent.BASE_MODEL)
  static class NeedsModel {
    static final AtomicBoolean RAN = new AtomicBoolean();

    @BeforeAll
    static void startFixture() {
      RAN.set(true);
    }

    @Test
    void usesTheModel() {
      RAN.set(true);
    }
  }

  /** Fixture: only its annotated method needs Anvil. */
  static class NeedsAnvilInOneMethod {
    static final AtomicBoolean RAN = new AtomicBoolean();

    @Test
    @RequiresRealComponents(RealComponent.ANVIL)
    void needsAnvil() {
      RAN.set(true);
    }

    @Test
    void needsNothing() {}
  }
}
