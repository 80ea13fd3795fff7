package io.d2ora.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads files the user named on the command line, with errors that say what is wrong in one line:
 * {@code no such key file: /x}, {@code /x is a directory}, {@code round config /x is not valid
 * JSON: line 3, column 7: ...}. Every failure is a {@link UserException} (exit 2).
 */
public final class UserFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private UserFiles() {}

  /**
   * Checks that {@code file} exists, is a regular file and is readable.
   *
   * @param what what the file is for, e.g. {@code "round config"}
   */
  public static Path requireReadable(Path file, String what) {
    if (Files.isDirectory(file)) {
      throw new UserException(what + " " + file + " is a directory, not a file");
    }
    if (!Files.exists(file)) {
      throw new UserException("no such " + what + ": " + file);
    }
    if (!Files.isReadable(file)) {
      throw new UserException("cannot read " + what + " " + file + ": permission denied");
    }
    return file;
  }

  public static byte[] readAllBytes(Path file, String what) {
    requireReadable(file, what);
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserException("cannot read " + what + " " + file + ": " + reason(e), e);
    }
  }

  public static String readString(Path file, String what) {
    return new String(readAllBytes(file, what), StandardCharsets.UTF_8);
  }

  /** Parses {@code file} as one JSON document, naming the line and column of a syntax error. */
  public static JsonNode readJson(Path file, String what) {
    String text = readString(file, what);
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new UserException(what + " " + file + " is empty: expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new UserException(what + " " + file + " is not valid JSON: " + jsonProblem(e), e);
    }
  }

  /** Jackson's message without its source excerpt: the problem and where it is. */
  public static String jsonProblem(JsonProcessingException e) {
    String problem = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
    var at = e.getLocation();
    return at == null
        ? problem
        : "line %d, column %d: %s".formatted(at.getLineNr(), at.getColumnNr(), problem);
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
