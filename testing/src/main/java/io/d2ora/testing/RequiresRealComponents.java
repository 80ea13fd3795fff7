package io.d2ora.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * This test class (or method) runs against real components: before anything of it runs, each is
 * checked, and a missing one FAILS the test in CI ({@code CI=true}) and skips it on a developer's
 * machine, naming what is missing and how to set it up.
 *
 * <pre>{@code
 * @RequiresRealComponents({RealComponent.HARDHAT, RealComponent.BASE_MODEL})
 * class NodeAcceptanceTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RealComponentsExtension.class)
public @interface RequiresRealComponents {
  RealComponent[] value();
}
