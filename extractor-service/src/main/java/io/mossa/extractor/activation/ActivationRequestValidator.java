package io.mossa.extractor.activation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.mossa.extractor.config.ExtractorProperties;
import io.mossa.extractor.model.ModelRegistry;
import io.mossa.extractor.model.RegisteredModel;
import io.mossa.extractor.model.ModelInfo;
import io.mossa.extractor.prompt.ChatTemplate;
import io.mossa.web.problem.ApiProblem;

import org.springframework.stereotype.Component;

/**
 * Checks a request against the model and the service limits before any forward pass, so that every
 * client mistake is a 4xx naming the field and value (and nothing is computed for a doomed request).
 */
@Component
class ActivationRequestValidator {

    private final ModelRegistry registry;
    private final ExtractorProperties limits;

    ActivationRequestValidator(ModelRegistry registry, ExtractorProperties limits) {
        this.registry = registry;
        this.limits = limits;
    }

    PreparedRequest prepare(ActivationRequest request) {
        RegisteredModel model = registry.get(request.model());
        if (!model.isUsable()) {
            throw ModelRegistry.unusable(model);
        }
        ModelInfo info = model.info();
        List<InputItem> inputs = request.inputs();
        if (inputs == null || inputs.isEmpty()) {
            throw field(ApiProblem.badRequest("inputs must hold at least one input"), "inputs", null);
        }
        if (inputs.size() > limits.maxInputs()) {
            throw field(ApiProblem.payloadTooLarge("inputs: " + inputs.size() + " inputs exceed the limit of "
                    + limits.maxInputs() + " per request (mossa.extractor.max-inputs)"), "inputs", inputs.size());
        }
        Pooling pooling = pooling(request.pooling());
        int[] layers = layers(request.layers(), info.numLayers());
        boolean truncate = Boolean.TRUE.equals(request.truncate());
        ChatTemplate template = chatTemplate(request, model);

        List<long[]> tokens = new ArrayList<>(inputs.size());
        long total = 0;
        for (int i = 0; i < inputs.size(); i++) {
            long[] ids = tokens(i, inputs.get(i), model, truncate, template, request.systemPrompt());
            if (ids.length > info.maxTokens()) {
                throw field(ApiProblem.unprocessable("inputs[" + i + "] has " + ids.length + " tokens, more than "
                        + "the model's maxTokens " + info.maxTokens() + "; shorten it or send \"truncate\": true"),
                        "inputs[" + i + "]", ids.length);
            }
            total += ids.length;
            tokens.add(ids);
        }
        if (total > limits.maxTotalTokens()) {
            throw field(ApiProblem.payloadTooLarge("the inputs hold " + total + " tokens in all, more than the limit "
                    + "of " + limits.maxTotalTokens() + " per request (mossa.extractor.max-total-tokens)"),
                    "inputs", total);
        }
        long perInput = pooling == Pooling.NONE
                ? tokens.stream().mapToLong(t -> t.length).max().orElse(0) : 1;
        long values = (long) layers.length * inputs.size() * perInput * info.hiddenSize();
        if (values > limits.maxResponseValues()) {
            throw field(ApiProblem.payloadTooLarge("the response would hold " + values + " values (layers x inputs"
                    + (pooling == Pooling.NONE ? " x longest input" : "") + " x " + info.hiddenSize()
                    + "), more than the limit of " + limits.maxResponseValues()
                    + " (mossa.extractor.max-response-values); ask for fewer layers or inputs"), "layers", values);
        }
        return new PreparedRequest(model, layers, pooling, tokens);
    }

    private static Pooling pooling(String value) {
        if (value == null) {
            return Pooling.LAST;
        }
        Pooling pooling = Pooling.parse(value);
        if (pooling == null) {
            throw field(ApiProblem.badRequest("pooling '" + value + "' is unknown; use last, mean or none"),
                    "pooling", value);
        }
        return pooling;
    }

    private static int[] layers(List<Integer> requested, int numLayers) {
        if (requested == null) {
            int[] all = new int[numLayers + 1];
            for (int i = 0; i <= numLayers; i++) {
                all[i] = i;
            }
            return all;
        }
        if (requested.isEmpty()) {
            throw field(ApiProblem.badRequest("layers is empty; omit it for all layers 0.." + numLayers),
                    "layers", requested);
        }
        Set<Integer> seen = new HashSet<>();
        int[] layers = new int[requested.size()];
        for (int i = 0; i < requested.size(); i++) {
            Integer layer = requested.get(i);
            if (layer == null || layer < 0 || layer > numLayers) {
                throw field(ApiProblem.badRequest("layers[" + i + "] = " + layer + " is not a layer of this model; "
                        + "valid indices are 0.." + numLayers + " (0 = embedding output)"), "layers[" + i + "]", layer);
            }
            if (!seen.add(layer)) {
                throw field(ApiProblem.badRequest("layers[" + i + "] = " + layer + " is a duplicate"),
                        "layers[" + i + "]", layer);
            }
            layers[i] = layer;
        }
        return layers;
    }

    /** @return null when no template is to be applied */
    private static ChatTemplate chatTemplate(ActivationRequest request, RegisteredModel model) {
        if (!Boolean.TRUE.equals(request.chatTemplate())) {
            if (request.systemPrompt() != null) {
                throw field(ApiProblem.badRequest("systemPrompt is only used with \"chatTemplate\": true"),
                        "systemPrompt", request.systemPrompt());
            }
            return null;
        }
        ChatTemplate template = model.info().chatTemplate();
        if (template == null) {
            throw field(ApiProblem.unprocessable("model '" + model.id() + "' has no known chat template (its "
                    + "tokenizer_config.json declares none this service recognises; known: "
                    + ChatTemplate.knownNames() + "; set mossa.extractor.chat-templates." + model.id()
                    + "); send the formatted prompt as text instead"), "chatTemplate", true)
                    .with("model", model.id());
        }
        return template;
    }

    private static long[] tokens(int index, InputItem input, RegisteredModel model, boolean truncate,
            ChatTemplate template, String systemPrompt) {
        String name = "inputs[" + index + "]";
        if (input == null) {
            throw field(ApiProblem.badRequest(name + " is null; send {\"text\": ...} or {\"tokenIds\": [...]}"),
                    name, null);
        }
        if ((input.text() == null) == (input.tokenIds() == null)) {
            throw field(ApiProblem.badRequest(name + " must have exactly one of text or tokenIds ("
                    + (input.text() == null ? "neither" : "both") + " given)"), name, null);
        }
        if (input.text() != null) {
            if (input.text().isBlank()) {
                throw field(ApiProblem.badRequest(name + ".text is empty"), name + ".text", input.text());
            }
            String text = template == null ? input.text() : template.render(input.text(), systemPrompt);
            long[] ids = model.tokenizer().encode(text, truncate);
            int vocab = model.info().vocabSize();
            for (int j = 0; j < ids.length; j++) {
                if (ids[j] < 0 || ids[j] >= vocab) {
                    // a tokenizer.json larger than the model's embedding table: refuse rather than fail inside
                    throw field(ApiProblem.unprocessable(name + ": the tokenizer of model '" + model.id() + "' gives "
                            + "token id " + ids[j] + " at position " + j + ", outside the model's vocabulary 0.."
                            + (vocab - 1)), name + ".text", input.text()).with("model", model.id());
                }
            }
            return ids;
        }
        if (template != null) {
            throw field(ApiProblem.badRequest(name + ": chatTemplate applies to text inputs; tokenIds are used as "
                    + "given, so send the templated prompt's ids or text"), name + ".tokenIds", null);
        }
        List<Long> ids = input.tokenIds();
        if (ids.isEmpty()) {
            throw field(ApiProblem.badRequest(name + ".tokenIds is empty"), name + ".tokenIds", ids);
        }
        int vocab = model.info().vocabSize();
        int length = truncate ? Math.min(ids.size(), model.info().maxTokens()) : ids.size();
        long[] out = new long[length];
        for (int j = 0; j < length; j++) {
            Long id = ids.get(j);
            if (id == null || id < 0 || id >= vocab) {
                throw field(ApiProblem.badRequest(name + ".tokenIds[" + j + "] = " + id + " is outside the "
                        + "vocabulary 0.." + (vocab - 1) + " (vocabSize " + vocab + ")"), name + ".tokenIds[" + j + "]",
                        id).with("input", index).with("position", j).with("vocabSize", vocab);
            }
            out[j] = id;
        }
        return out;
    }

    private static ApiProblem field(ApiProblem problem, String field, Object value) {
        return problem.with("field", field).with("value", value);
    }
}
