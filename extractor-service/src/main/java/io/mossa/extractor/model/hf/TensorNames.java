package io.mossa.extractor.model.hf;

import java.util.List;
import java.util.Map;

import io.mossa.extractor.tensor.safetensors.SafetensorsTensor;

/**
 * Finds a tensor by its canonical name (as the bare transformers base model names it, e.g.
 * {@code h.0.ln_1.weight}) in a checkpoint that may store it under a head-model prefix
 * ({@code transformer.}, {@code model.}, {@code bert.}) and, for LayerNorm, under the legacy
 * {@code gamma}/{@code beta} names. The prefix is decided once per checkpoint from an anchor tensor so
 * that a checkpoint mixing prefixes is not half-matched. Tensors nobody asks for (lm_head, attn.bias
 * masks, position_ids, rotary inv_freq, pooler) are simply never looked up.
 */
public final class TensorNames {

    private final Map<String, SafetensorsTensor> tensors;
    private final String prefix;

    private TensorNames(Map<String, SafetensorsTensor> tensors, String prefix) {
        this.tensors = tensors;
        this.prefix = prefix;
    }

    public static TensorNames detect(Map<String, SafetensorsTensor> tensors, List<String> prefixes, String anchor)
            throws HfCheckpointException {
        for (String prefix : prefixes) {
            if (tensors.containsKey(prefix + anchor)) {
                return new TensorNames(tensors, prefix);
            }
        }
        throw new HfCheckpointException("no tensor '" + anchor + "' in the checkpoint (tried prefixes "
                + prefixes.stream().map(p -> p.isEmpty() ? "none" : "'" + p + "'").toList()
                + "); it holds " + tensors.size() + " tensors" + sample(tensors));
    }

    public String prefix() {
        return prefix;
    }

    /** @return the stored tensor, or null when neither the name nor its gamma/beta variant exists */
    public SafetensorsTensor find(String canonical) {
        SafetensorsTensor tensor = tensors.get(prefix + canonical);
        if (tensor == null) {
            String legacy = legacyName(canonical);
            if (legacy != null) {
                tensor = tensors.get(prefix + legacy);
            }
        }
        return tensor;
    }

    public String stored(String canonical) {
        return prefix + canonical;
    }

    private static String legacyName(String canonical) {
        if (canonical.endsWith(".weight")) {
            return canonical.substring(0, canonical.length() - ".weight".length()) + ".gamma";
        }
        if (canonical.endsWith(".bias")) {
            return canonical.substring(0, canonical.length() - ".bias".length()) + ".beta";
        }
        return null;
    }

    private static String sample(Map<String, SafetensorsTensor> tensors) {
        List<String> names = tensors.keySet().stream().limit(3).toList();
        return names.isEmpty() ? "" : ", e.g. " + names;
    }
}
