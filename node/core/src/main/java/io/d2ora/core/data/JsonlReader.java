package io.d2ora.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSONL: one JSON object per line with a string {@code text} and a {@code label} (string, or
 * integer taken as its decimal string). Blank lines are skipped; other keys are ignored. Any other
 * line is an error naming {@code file:line} and what is wrong.
 */
public final class JsonlReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonlReader() {}

  public static List<Example> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException("data file not found: " + file);
    }
    List<Example> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        if (!line.isBlank()) {
          out.add(parse(line, file + ":" + number));
        }
      }
    } catch (CharacterCodingException e) {
      throw new DataFormatException(file + ": not valid UTF-8", e);
    } catch (IOException e) {
      throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new DataFormatException(file + ": no examples");
    }
    return out;
  }

  static Example parse(String line, String where) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new DataFormatException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new DataFormatException(where + ": expected a JSON object {\"text\", \"label\"}");
    }
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      throw new DataFormatException(where + ": \"text\" must be a non-empty string");
    }
    JsonNode label = node.get("label");
    if (label == null || !(label.isTextual() || label.isIntegralNumber())) {
      throw new DataFormatException(where + ": \"label\" must be a string or an integer");
    }
    if (label.asText().isEmpty()) {
      throw new DataFormatException(where + ": \"label\" is empty");
    }
    return new Example(text.asText(), label.asText());
  }
}
