package io.mossa.cka.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.mossa.cka.extractor.PromptFormat;

/**
 * The content address of one cache entry: the pooled activations of one layer of one model revision for
 * one ordered list of inputs. Everything that changes the numbers is part of the key: model id and
 * revision (the extractor's fingerprint of the model files), pooling, layer, the exact input texts in
 * order, and how the extractor was asked to format them ({@link PromptFormat}: plain text, or the chat template
 * with its system prompt, where an absent system prompt (the template's default) and an empty one differ).
 * Plain-text keys are those of the first format, so entries cached before templates existed stay valid.
 *
 * @param hash SHA-256, lower-case hex
 */
public record ActivationKey(String hash) {

    /** Bumped when the meaning or layout of entries changes, so old files are never misread. */
    private static final String FORMAT = "mossa-activation-cache-v1";
    private static final String PLAIN_TEXT = "text;chatTemplate=false";
    private static final String CHAT_TEMPLATE = "text;chatTemplate=true";

    public static ActivationKey of(String model, String revision, String pooling, int layer, PromptFormat format,
            List<String> texts) {
        MessageDigest digest = sha256();
        field(digest, FORMAT);
        field(digest, model);
        field(digest, revision);
        field(digest, pooling);
        field(digest, Integer.toString(layer));
        if (format.chatTemplate()) {
            field(digest, CHAT_TEMPLATE);
            String systemPrompt = format.systemPrompt();
            field(digest, systemPrompt == null ? "systemPrompt:default" : "systemPrompt=" + systemPrompt);
        } else {
            field(digest, PLAIN_TEXT);
        }
        field(digest, Integer.toString(texts.size()));
        for (String text : texts) {
            field(digest, text);
        }
        return new ActivationKey(HexFormat.of().formatHex(digest.digest()));
    }

    /** The entry's file name inside the cache directory. */
    public String fileName() {
        return hash + ".npy";
    }

    // Length-prefixed fields: ("ab", "c") and ("a", "bc") must not hash alike.
    private static void field(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
