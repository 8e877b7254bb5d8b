package io.mossa.gateway.taskset;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * An upload's body as received: counted and hashed (SHA-256) as it is read, and decompressed when it is gzip, which
 * is recognised by its magic number whatever the headers say (a {@code .jsonl.gz} file sent as
 * {@code application/x-ndjson} is read as the JSON Lines it holds).
 */
final class UploadBody extends FilterInputStream {

    private final MessageDigest sha256;
    private long bytes;

    private UploadBody(InputStream raw) {
        super(raw);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static UploadBody of(InputStream raw) {
        return new UploadBody(raw);
    }

    /** The content: decompressed if the body is gzip. */
    InputStream content() throws IOException {
        BufferedInputStream in = new BufferedInputStream(this, 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Writes the content (decompressed) to a new file in {@code dir}, for formats read from a file. */
    Path spool(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "mossa-upload-", ".part");
        try (InputStream in = content()) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha256.update((byte) b);
            bytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            sha256.update(buffer, offset, n);
            bytes += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // read what is skipped, so that the count and the digest cover the whole body
        int length = (int) Math.max(0, Math.min(n, 8192));
        return Math.max(0, read(new byte[length], 0, length));
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Bytes received so far. */
    long bytes() {
        return bytes;
    }

    /** Reads what is left (so the count and digest cover the whole body) and answers the SHA-256, hex. */
    String sha256() throws IOException {
        byte[] rest = new byte[1 << 16];
        while (read(rest, 0, rest.length) >= 0) {
            // drained for the digest
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
