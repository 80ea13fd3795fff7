/**
 * Local fine-tuning of Theia: the training config (FinLoRA-style keys), the trainer loop (AdamW
 * with warm-up, gradient accumulation, clipping, divergence checks, validation per epoch),
 * evaluation metrics, and conversion of the trained state to and from PEFT update files.
 *
 * <p>Entry points for the node: {@link io.d2ora.core.train.Trainer#train}, {@link
 * io.d2ora.core.train.Evaluator#evaluate} and {@link io.d2ora.core.train.PeftUpdates}.
 */
package io.d2ora.core.train;
