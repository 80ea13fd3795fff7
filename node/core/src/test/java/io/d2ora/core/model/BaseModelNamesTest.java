package io.d2ora.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BaseModelNamesTest {

  @Test
  void shouldMapTheMiniLmDirectoryToItsHubIdAndBack() {
    String hubId = BaseModelNames.hubId("all-minilm-l6-v2");

    assertThat(hubId).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
    assertThat(BaseModelNames.localName(hubId)).isEqualTo("all-minilm-l6-v2");
  }

  @Test
  void shouldKeepTheConfiguredNameOfAnyOtherCheckpoint() {
    for (String name : new String[] {"tiny", "/models/bert-base-uncased", "All-MiniLM-L6-v2"}) {
      assertThat(BaseModelNames.hubId(name)).isEqualTo(name);
      assertThat(BaseModelNames.localName(name)).isEqualTo(name);
    }
  }
}
