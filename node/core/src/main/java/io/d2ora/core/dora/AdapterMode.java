package io.d2ora.core.dora;

/** Which adapter a targeted linear layer gets. */
public enum AdapterMode {
  /** Weight-decomposed low-rank adaptation: trains A, B and the magnitude m. */
  DORA,
  /** Plain low-rank adaptation: trains A and B; no magnitude. */
  LORA,
  /**
   * DoRA with only the magnitude m trained; A and B stay frozen (B = 0, so the direction is W0).
   * NVlabs' {@code Wdecompose} ablation. A and B still exist so the update file keeps PEFT's
   * layout.
   */
  MAGNITUDE_ONLY
}
