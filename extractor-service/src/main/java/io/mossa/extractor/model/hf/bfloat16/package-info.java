/**
 * bfloat16 compute on the CPU's bfloat16 units from the JVM: whether this process may ({@link
 * io.mossa.extractor.model.hf.bfloat16.Bfloat16Units}, which also loads the JavaCPP presets for PyTorch bound to
 * DJL's own libtorch) and how arrays pass between the two bindings ({@link
 * io.mossa.extractor.model.hf.bfloat16.TorchBridge}). The weights that compute with them live with the others in
 * {@code model.hf.weights}.
 */
package io.mossa.extractor.model.hf.bfloat16;
