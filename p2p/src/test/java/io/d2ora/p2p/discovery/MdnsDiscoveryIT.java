package io.d2ora.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.testing.MissingComponent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * libp2p mDNS between two Java hosts, run ONLY inside a network namespace this test creates ({@code
 * unshare -n}: a private loopback with multicast routed to it), so no multicast ever reaches the
 * host's interfaces. Needs {@code unshare} and {@code ip} with the right to create a network
 * namespace (root, or user namespaces via {@code unshare -rn}).
 */
class MdnsDiscoveryIT {
  private static final String SETUP =
      "ip link set lo up multicast on && ip route add 224.0.0.0/4 dev lo && exec \"$0\" \"$@\"";

  @Test
  void shouldDiscoverAndConnectPeersInsidePrivateNamespace() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> probe =
        List.of(java, "-cp", System.getProperty("java.class.path"), MdnsProbe.class.getName());
    Process process = namespaceProcess(probe);

    boolean done = process.waitFor(60, TimeUnit.SECONDS);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      process.destroyForcibly();
    }

    assertThat(done).as("probe finished").isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out).contains("CONNECTED");
    String line = out.lines().filter(l -> l.startsWith("CONNECTED")).findFirst().orElseThrow();
    System.out.println("mDNS discovery in a private namespace: " + line + " ms");
  }

  private static Process namespaceProcess(List<String> command)
      throws IOException, InterruptedException {
    for (List<String> unshare : List.of(List.of("unshare", "-n"), List.of("unshare", "-rn"))) {
      if (probe(unshare)) {
        List<String> full = new java.util.ArrayList<>(unshare);
        full.addAll(List.of("sh", "-c", SETUP));
        full.addAll(command);
        return new ProcessBuilder(full).redirectErrorStream(true).start();
      }
    }
    throw MissingComponent.report(
        "a network namespace of the test's own is missing: neither unshare -n nor unshare -rn"
            + " (with ip) can create one on this machine",
        "run as root, or allow unprivileged user namespaces (sysctl"
            + " kernel.unprivileged_userns_clone=1)");
  }

  private static boolean probe(List<String> unshare) throws InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(unshare);
    cmd.addAll(
        List.of("sh", "-c", "ip link set lo up multicast on && ip route add 224.0.0.0/4 dev lo"));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
