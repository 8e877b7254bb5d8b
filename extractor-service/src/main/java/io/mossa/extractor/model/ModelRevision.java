package io.mossa.extractor.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model revision: a SHA-256 fingerprint of the files that decide what a model computes, so that clients
 * (the cka-service activation cache) can tell when a model id starts meaning different weights.
 *
 * <p>Checkpoint directories can hold tens of gigabytes, and hashing them on every start would take minutes:
 * small files (config, tokenizer, templates) are hashed whole, safetensors files by name, size and header
 * (tensor names, dtypes, shapes and offsets), other large files by name and size. A weight edit that keeps
 * every shape, dtype and byte count is therefore not seen; replacing or re-exporting a checkpoint is.
 * ONNX graphs are read whole at registration anyway, so their bytes are hashed completely.
 */
public final class ModelRevision {

    /** Files up to this size are hashed whole. */
    static final long SMALL_FILE_BYTES = 16L * 1024 * 1024;
    /** The safetensors format caps its JSON header at 100 MB. */
    private static final long MAX_SAFETENSORS_HEADER = 100L * 1024 * 1024;

    private ModelRevision() {
    }

    /** Revision of an ONNX model: SHA-256 over the graph and tokenizer bytes. */
    public static String ofOnnx(byte[] model, byte[] tokenizer) {
        MessageDigest digest = sha256();
        update(digest, "onnx");
        update(digest, model);
        update(digest, tokenizer);
        return format(digest);
    }

    /** Revision of a HuggingFace checkpoint directory (its top-level regular files, by name). */
    public static String ofCheckpoint(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
        MessageDigest digest = sha256();
        update(digest, "safetensors");
        for (Path file : files) {
            String name = file.getFileName().toString();
            long size = Files.size(file);
            update(digest, name);
            update(digest, Long.toString(size));
            if (name.endsWith(".safetensors")) {
                update(digest, safetensorsHeader(file, size));
            } else if (size <= SMALL_FILE_BYTES) {
                update(digest, Files.readAllBytes(file));
            }
        }
        return format(digest);
    }

    /** The 8-byte length prefix and the JSON header, or just the file's first bytes if it is malformed. */
    private static byte[] safetensorsHeader(Path file, long size) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] prefix = in.readNBytes(8);
            if (prefix.length < 8) {
                return prefix;
            }
            long length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (length < 0 || length > MAX_SAFETENSORS_HEADER || length > size - 8) {
                return prefix;
            }
            byte[] header = in.readNBytes((int) length);
            byte[] both = new byte[8 + header.length];
            System.arraycopy(prefix, 0, both, 0, 8);
            System.arraycopy(header, 0, both, 8, header.length);
            return both;
        }
    }

    private static void update(MessageDigest digest, String text) {
        update(digest, text.getBytes(StandardCharsets.UTF_8));
    }

    // Length-prefixed, so that no two different file sequences hash the same byte stream.
    private static void update(MessageDigest digest, byte[] bytes) {
        digest.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
        digest.update(bytes);
    }

    private static String format(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
