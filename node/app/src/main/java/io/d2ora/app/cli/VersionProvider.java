package io.d2ora.app.cli;

import picocli.CommandLine;

/** Reports the build version from the jar manifest (or "dev" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      "d2ora " + (version == null ? "0.1.0-SNAPSHOT" : version), "java " + Runtime.version()
    };
  }
}
