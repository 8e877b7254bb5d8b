package io.mossa.extractor.model;

import io.mossa.extractor.prompt.ChatTemplate;

/**
 * What the service knows about a usable model from its files alone, before loading it.
 *
 * @param format         "onnx" or "safetensors"
 * @param architecture   bert, gpt2, llama, mistral, qwen2
 * @param numLayers      blocks L; hidden-state indices run 0..L
 * @param maxTokens      longest input accepted: the model's own limit, capped by configuration
 * @param dtype          as stored: float32, float16, bfloat16, or int8 for quantized ONNX graphs
 * @param computeDtype   the precision forward passes run in
 * @param device         where forward passes run (cpu, gpu(0), ...)
 * @param parameterCount weights read by the forward pass, or null when unknown (ONNX)
 * @param memoryBytes    estimated memory of the loaded model, counted against the memory budget
 * @param chatTemplate   the prompt format "chatTemplate": true applies, or null
 */
public record ModelInfo(String format, String architecture, int numLayers, int hiddenSize, int vocabSize,
        int maxTokens, String dtype, String computeDtype, String device, Long parameterCount, long memoryBytes,
        ChatTemplate chatTemplate) {
}
