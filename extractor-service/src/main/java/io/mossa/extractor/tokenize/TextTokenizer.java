package io.mossa.extractor.tokenize;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * A HuggingFace tokenizer.json with the padding and truncation it ships with switched off.
 *
 * <p>Bundled tokenizers pad to 128 and cut at 128; either would silently change activations (padding
 * adds positions, truncation drops text). Lengths are checked by the caller instead, and only when the
 * client asks for truncation is a second instance, cut at the model's maximum, used: the tokenizer's
 * own truncation keeps the closing special token ([SEP]) as HuggingFace does.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer exact;
    private final HuggingFaceTokenizer truncating;

    private TextTokenizer(HuggingFaceTokenizer exact, HuggingFaceTokenizer truncating) {
        this.exact = exact;
        this.truncating = truncating;
    }

    public static TextTokenizer load(byte[] tokenizerJson, int maxTokens) throws IOException {
        HuggingFaceTokenizer exact = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
                Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true"));
        try {
            HuggingFaceTokenizer truncating = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(tokenizerJson), Map.of("padding", "false", "truncation", "true",
                            "maxLength", Integer.toString(maxTokens), "addSpecialTokens", "true"));
            return new TextTokenizer(exact, truncating);
        } catch (IOException | RuntimeException e) {
            exact.close();
            throw e;
        }
    }

    /** Token ids with the model's special tokens ([CLS] ... [SEP] for BERT). */
    public long[] encode(String text, boolean truncate) {
        Encoding encoding = (truncate ? truncating : exact).encode(text);
        return encoding.getIds();
    }

    @Override
    public void close() {
        exact.close();
        truncating.close();
    }
}
