/** Command-line plumbing shared by every command: exit codes, user errors, version. */
package io.d2ora.app.cli;
