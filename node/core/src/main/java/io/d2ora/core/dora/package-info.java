/**
 * DoRA (Liu et al. 2024, arXiv:2402.09353) and LoRA (Hu et al. 2021, arXiv:2106.09685) adapters on
 * frozen {@link io.d2ora.core.nn.Linear} layers, with the semantics of Hugging Face PEFT's {@code
 * LoraConfig(use_dora=True)}: row-norm magnitude, {@code alpha/r} scaling (rsLoRA: {@code
 * alpha/sqrt(r)}), a detached weight norm by default (paper section 4.3), Kaiming-uniform A and
 * zero B, a magnitude-only mode, adapter dropout, merge and unmerge. Entry point: {@link
 * io.d2ora.core.dora.Adapters#wrap}.
 */
package io.d2ora.core.dora;
