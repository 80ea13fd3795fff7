/**
 * Command-line plumbing shared by every command: exit codes and user errors ({@link
 * io.d2ora.app.cli.ExitCodes}), the version, where the project checkout and its {@code .cache} are
 * ({@link io.d2ora.app.cli.ProjectHome}), and the one way commands load a base model and an update
 * ({@link io.d2ora.app.cli.ModelLoader}, with the {@link io.d2ora.app.cli.ModelOptions} mixin).
 */
package io.d2ora.app.cli;
