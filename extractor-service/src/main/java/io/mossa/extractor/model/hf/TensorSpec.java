package io.mossa.extractor.model.hf;

/** A tensor the architecture needs, by canonical name, with the shape config.json implies. */
public record TensorSpec(String name, long... shape) {
}
