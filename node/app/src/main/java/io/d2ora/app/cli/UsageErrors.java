package io.d2ora.app.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Command-line mistakes (unknown command or option, bad or missing value) as one {@code error:}
 * line with the close name when a word was mistyped, and exit code 2.
 */
final class UsageErrors {
  private UsageErrors() {}

  /**
   * picocli skips its unmatched-argument check when {@code --help} is present, so {@code d2ora
   * dashbord --help} would print the root's help and exit 0; a word nobody matched is a mistake
   * whatever else is on the line.
   */
  static int rejectUnmatchedThenRun(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (!r.unmatched().isEmpty()) {
        throw new CommandLine.UnmatchedArgumentException(
            r.commandSpec().commandLine(), r.unmatched());
      }
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  /** One line: what is wrong, the close name when a word was mistyped, where help is. */
  static int print(CommandLine.ParameterException ex, String[] args) {
    CommandLine commandLine = ex.getCommandLine();
    String message = ex.getMessage();
    Optional<UnknownCommand> unknown =
        ex instanceof CommandLine.UnmatchedArgumentException
            ? UnknownCommand.find(root(commandLine), args)
            : Optional.empty();
    if (unknown.isPresent()) {
      commandLine = unknown.get().group();
      message = unknown.get().message();
    } else if (ex instanceof CommandLine.UnmatchedArgumentException u
        && !u.getUnmatched().isEmpty()) {
      message = unmatched(commandLine, u.getUnmatched().get(0));
    } else if (!commandLine.getSubcommands().isEmpty()
        && commandLine.getParseResult() != null
        && !commandLine.getParseResult().hasSubcommand()) {
      message =
          "'"
              + commandLine.getCommandSpec().qualifiedName()
              + "' needs a command: "
              + String.join(
                  ", ",
                  commandLine.getSubcommands().values().stream()
                      .map(CommandLine::getCommandName)
                      .distinct()
                      .toList());
    }
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandSpec().qualifiedName();
    err.println("error: " + message + "; see '" + name + " --help'");
    err.flush();
    return ExitCodes.USER_ERROR;
  }

  private static String unmatched(CommandLine commandLine, String first) {
    String name = commandLine.getCommandSpec().qualifiedName();
    if (!first.startsWith("-")) {
      return "unexpected argument '" + first + "' for '" + name + "'";
    }
    String option = first.split("=", 2)[0];
    return "unknown option '"
        + option
        + "' for '"
        + name
        + "'"
        + Suggestions.closest(option, commandLine.getCommandSpec().optionsMap().keySet());
  }

  private static CommandLine root(CommandLine commandLine) {
    CommandLine root = commandLine;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root;
  }

  /** A word where a command group expected one of its commands. */
  private record UnknownCommand(CommandLine group, String word) {
    /**
     * picocli reports such a word late, at whatever level parsing ended ({@code d2ora verfy round
     * 1} as an unmatched {@code 1} of {@code round}); this walks the words instead. Groups take no
     * option with a value, so each word that is not an option must be the next command.
     */
    static Optional<UnknownCommand> find(CommandLine root, String[] args) {
      CommandLine group = root;
      for (String arg : args) {
        if (group.getSubcommands().isEmpty()) {
          return Optional.empty();
        }
        if (arg.startsWith("-")) {
          continue;
        }
        CommandLine next = group.getSubcommands().get(arg);
        if (next == null) {
          return Optional.of(new UnknownCommand(group, arg));
        }
        group = next;
      }
      return Optional.empty();
    }

    String message() {
      return "unknown command '"
          + word
          + "' for '"
          + group.getCommandSpec().qualifiedName()
          + "'"
          + Suggestions.closest(word, group.getSubcommands().keySet());
    }
  }
}
