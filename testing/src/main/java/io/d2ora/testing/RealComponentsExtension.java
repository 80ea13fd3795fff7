package io.d2ora.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Evaluates {@link RequiresRealComponents} before a class (or method) runs, so no fixture starts
 * without its components: a missing one disables it on a developer's machine (reports count its
 * tests as skipped, with the reason) and fails it in CI.
 */
public final class RealComponentsExtension implements ExecutionCondition {
  private static final RealComponent[] NONE = {};

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RequiresRealComponents> required =
        context
            .getElement()
            .flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresRealComponents.class));
    for (RealComponent component : required.map(RequiresRealComponents::value).orElse(NONE)) {
      Optional<String> problem = component.problem();
      if (problem.isPresent()) {
        if (MissingComponent.inCi()) {
          throw MissingComponent.failure(problem.get(), RealComponent.SETUP);
        }
        return ConditionEvaluationResult.disabled(
            MissingComponent.skipReason(problem.get(), RealComponent.SETUP));
      }
    }
    return ConditionEvaluationResult.enabled("its real components are installed");
  }
}
