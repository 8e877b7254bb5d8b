package io.mossa.extractor.model.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * ONNX Runtime (through DJL) loads models from files, so rewritten graphs are written to a cache
 * directory. The file name carries a content hash: an unchanged model is never rewritten, a changed one
 * gets a new file, and concurrent writers cannot expose a half-written file (write, then atomic move).
 */
public final class RewrittenModelCache {

    private final Path dir;

    public RewrittenModelCache(Path dir) {
        this.dir = dir;
    }

    public Path store(String id, byte[] model) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(id + "-" + sha256(model).substring(0, 16) + ".onnx");
        if (Files.isRegularFile(file) && Files.size(file) == model.length) {
            return file;
        }
        Path tmp = Files.createTempFile(dir, id + "-", ".tmp");
        try {
            Files.write(tmp, model);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
