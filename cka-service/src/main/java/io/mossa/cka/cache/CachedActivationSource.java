package io.mossa.cka.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.mossa.cka.extractor.Activations;
import io.mossa.cka.extractor.ExtractorClient;
import io.mossa.cka.extractor.PromptFormat;

/**
 * Activations for the runner, from the {@link ActivationCache} where present and from the extractor
 * otherwise.
 *
 * <p>One entry holds one layer of one model revision for one task's ordered prompt list. A task's prompts
 * are the unit every comparison asks for: the experimental model's activations on a task are requested
 * with the same prompts for every control model, every re-run and every measure, so they hit whole; per
 * layer, because experiments choose different layer sets and should still share the layers they have in
 * common. Per-prompt entries would also serve overlapping prompt lists, at the price of one file per
 * (prompt, layer): 330 000 files for one 10 000-prompt task of a 33-layer model.
 *
 * <p>Only the layers missing from the cache are fetched, for all prompts, in the extractor client's
 * chunks. A model whose extractor lists no revision is never cached: without one a changed checkpoint
 * behind the same model id could not be told apart.
 */
@Component
public class CachedActivationSource {

    private static final Logger log = LoggerFactory.getLogger(CachedActivationSource.class);

    private final ActivationCache cache;
    private final ExtractorClient extractor;

    public CachedActivationSource(ActivationCache cache, ExtractorClient extractor) {
        this.cache = cache;
        this.extractor = extractor;
    }

    public Activations fetch(String model, List<String> texts, List<Integer> layers, String pooling,
            PromptFormat format) throws InterruptedException {
        if (!cache.enabled()) {
            return extractor.fetch(model, texts, layers, pooling, format);
        }
        Optional<String> revision = extractor.revision(model);
        if (revision.isEmpty()) {
            log.debug("model '{}' has no revision at the extractor; its activations are not cached", model);
            return extractor.fetch(model, texts, layers, pooling, format);
        }
        int n = texts.size();
        float[][] stacked = new float[layers.size()][];
        ActivationKey[] keys = new ActivationKey[layers.size()];
        List<Integer> missing = new ArrayList<>();
        int dim = -1;
        for (int l = 0; l < layers.size(); l++) {
            keys[l] = ActivationKey.of(model, revision.get(), pooling, layers.get(l), format, texts);
            Optional<ActivationCache.Entry> entry = cache.get(keys[l], model, n);
            if (entry.isPresent() && (dim == -1 || entry.get().dim() == dim)) {
                dim = entry.get().dim();
                stacked[l] = entry.get().values();
            } else {
                missing.add(l);
            }
        }
        if (missing.isEmpty()) {
            return new Activations(model, n, dim, stacked);
        }
        List<Integer> missingLayers = missing.stream().map(layers::get).toList();
        Activations fetched = extractor.fetch(model, texts, missingLayers, pooling, format);
        for (int m = 0; m < missing.size(); m++) {
            cache.put(keys[missing.get(m)], n, fetched.dim(), fetched.layers()[m]);
        }
        if (dim != -1 && dim != fetched.dim()) {
            // cached layers of another width than the model has now: its files changed under one revision
            log.warn("cached activations of '{}' are {} wide, the extractor's {}; fetching all layers", model, dim,
                    fetched.dim());
            Activations all = extractor.fetch(model, texts, layers, pooling, format);
            for (int l = 0; l < layers.size(); l++) {
                cache.put(keys[l], n, all.dim(), all.layers()[l]);
            }
            return all;
        }
        for (int m = 0; m < missing.size(); m++) {
            stacked[missing.get(m)] = fetched.layers()[m];
        }
        return new Activations(model, n, fetched.dim(), stacked);
    }
}
