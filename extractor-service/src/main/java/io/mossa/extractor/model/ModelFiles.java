package io.mossa.extractor.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a model's files come from: a classpath resource (bundled models) or a directory. Bytes are read
 * on demand so that a registered but unused model holds no memory.
 */
public interface ModelFiles {

    /** A human-readable location for logs and problems. */
    String location();

    byte[] model() throws IOException;

    byte[] tokenizer() throws IOException;

    static ModelFiles classpath(String modelResource, String tokenizerResource) {
        return new ModelFiles() {
            @Override
            public String location() {
                return "classpath:" + modelResource;
            }

            @Override
            public byte[] model() throws IOException {
                return read(modelResource);
            }

            @Override
            public byte[] tokenizer() throws IOException {
                return read(tokenizerResource);
            }

            private byte[] read(String name) throws IOException {
                try (InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("classpath resource '" + name + "' is missing");
                    }
                    return in.readAllBytes();
                }
            }
        };
    }

    static ModelFiles directory(Path dir) {
        return new ModelFiles() {
            @Override
            public String location() {
                return dir.toString();
            }

            @Override
            public byte[] model() throws IOException {
                return Files.readAllBytes(dir.resolve("model.onnx"));
            }

            @Override
            public byte[] tokenizer() throws IOException {
                return Files.readAllBytes(dir.resolve("tokenizer.json"));
            }
        };
    }
}
