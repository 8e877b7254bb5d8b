package io.mossa.extractor.testmodels;

/**
 * The forward passes written out token by token in double precision from the transformers source
 * (GPT2Model, LlamaModel / MistralModel / Qwen2Model, BertModel), sharing no code with the service.
 * Returns HuggingFace's hidden_states: [L+1][token][hidden].
 */
public final class ReferenceTransformer {

    private final TinyModel m;

    public ReferenceTransformer(TinyModel model) {
        this.m = model;
    }

    public double[][][] hiddenStates(long[] ids) {
        return switch (m.modelType) {
            case "gpt2" -> gpt2(ids);
            case "bert" -> bert(ids);
            default -> llama(ids);
        };
    }

    // ------------------------------------------------------------------ GPT-2

    private double[][][] gpt2(long[] ids) {
        int n = ids.length;
        int d = m.hidden;
        double[][][] states = new double[m.layers + 1][][];
        double[][] h = new double[n][d];
        double[] wte = m.weight("wte.weight");
        double[] wpe = m.weight("wpe.weight");
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < d; k++) {
                h[t][k] = wte[(int) ids[t] * d + k] + wpe[t * d + k];
            }
        }
        states[0] = copy(h);
        for (int l = 0; l < m.layers; l++) {
            String p = "h." + l + ".";
            double[][] a = new double[n][];
            double[][] q = new double[n][];
            double[][] kk = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                a[t] = layerNorm(h[t], m.weight(p + "ln_1.weight"), m.weight(p + "ln_1.bias"));
                double[] qkv = conv1d(a[t], m.weight(p + "attn.c_attn.weight"), m.weight(p + "attn.c_attn.bias"), 3 * d);
                q[t] = slice(qkv, 0, d);
                kk[t] = slice(qkv, d, d);
                v[t] = slice(qkv, 2 * d, d);
            }
            double[][] context = attention(q, kk, v, m.heads, m.heads, true);
            for (int t = 0; t < n; t++) {
                double[] o = conv1d(context[t], m.weight(p + "attn.c_proj.weight"), m.weight(p + "attn.c_proj.bias"), d);
                add(h[t], o);
                double[] x = layerNorm(h[t], m.weight(p + "ln_2.weight"), m.weight(p + "ln_2.bias"));
                double[] f = conv1d(x, m.weight(p + "mlp.c_fc.weight"), m.weight(p + "mlp.c_fc.bias"), m.inner);
                for (int i = 0; i < f.length; i++) {
                    f[i] = geluTanh(f[i]);
                }
                add(h[t], conv1d(f, m.weight(p + "mlp.c_proj.weight"), m.weight(p + "mlp.c_proj.bias"), d));
            }
            states[l + 1] = copy(h);
        }
        for (int t = 0; t < n; t++) {
            states[m.layers][t] = layerNorm(h[t], m.weight("ln_f.weight"), m.weight("ln_f.bias"));
        }
        return states;
    }

    // ------------------------------------------------------------------ Llama / Mistral / Qwen2

    private double[][][] llama(long[] ids) {
        int n = ids.length;
        int d = m.hidden;
        int hd = m.headDim();
        double[][][] states = new double[m.layers + 1][][];
        double[][] h = new double[n][d];
        double[] embed = m.weight("embed_tokens.weight");
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < d; k++) {
                h[t][k] = embed[(int) ids[t] * d + k];
            }
        }
        states[0] = copy(h);
        double[] inv = inverseFrequencies();
        for (int l = 0; l < m.layers; l++) {
            String p = "layers." + l + ".self_attn.";
            String mp = "layers." + l + ".mlp.";
            double[][] q = new double[n][];
            double[][] kk = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] a = rmsNorm(h[t], m.weight("layers." + l + ".input_layernorm.weight"));
                q[t] = rope(linear(a, m.weight(p + "q_proj.weight"), bias(p + "q_proj.bias"), m.heads * hd), t, inv);
                kk[t] = rope(linear(a, m.weight(p + "k_proj.weight"), bias(p + "k_proj.bias"), m.kvHeads * hd), t, inv);
                v[t] = linear(a, m.weight(p + "v_proj.weight"), bias(p + "v_proj.bias"), m.kvHeads * hd);
            }
            double[][] context = attention(q, kk, v, m.heads, m.kvHeads, true);
            for (int t = 0; t < n; t++) {
                add(h[t], linear(context[t], m.weight(p + "o_proj.weight"), null, d));
                double[] x = rmsNorm(h[t], m.weight("layers." + l + ".post_attention_layernorm.weight"));
                double[] gate = linear(x, m.weight(mp + "gate_proj.weight"), null, m.inner);
                double[] up = linear(x, m.weight(mp + "up_proj.weight"), null, m.inner);
                for (int i = 0; i < gate.length; i++) {
                    gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
                }
                add(h[t], linear(gate, m.weight(mp + "down_proj.weight"), null, d));
            }
            states[l + 1] = copy(h);
        }
        for (int t = 0; t < n; t++) {
            states[m.layers][t] = rmsNorm(h[t], m.weight("norm.weight"));
        }
        return states;
    }

    private double[] bias(String name) {
        return m.weights.containsKey(name) ? m.weight(name) : null;
    }

    /** theta^(-2i/hd), rescaled as transformers' _compute_llama3_parameters when configured. */
    double[] inverseFrequencies() {
        int hd = m.headDim();
        double[] inv = new double[hd / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / Math.pow(m.ropeTheta, 2.0 * i / hd);
        }
        if (m.llama3Scaling == null) {
            return inv;
        }
        double factor = m.llama3Scaling[0];
        double low = m.llama3Scaling[1];
        double high = m.llama3Scaling[2];
        double original = m.llama3Scaling[3];
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen < original / high) {
                continue; // high frequency: kept
            }
            if (wavelen > original / low) {
                inv[i] = inv[i] / factor; // low frequency: divided
            } else {
                double smooth = (original / wavelen - low) / (high - low);
                inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
            }
        }
        return inv;
    }

    /** Rotates each head's pairs (i, i + hd/2) by position x frequency i. */
    private double[] rope(double[] x, int position, double[] inv) {
        int hd = m.headDim();
        int half = hd / 2;
        double[] out = new double[x.length];
        for (int head = 0; head < x.length / hd; head++) {
            int o = head * hd;
            for (int i = 0; i < half; i++) {
                double angle = position * inv[i];
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                out[o + i] = x[o + i] * c - x[o + half + i] * s;
                out[o + half + i] = x[o + half + i] * c + x[o + i] * s;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ BERT

    private double[][][] bert(long[] ids) {
        int n = ids.length;
        int d = m.hidden;
        double[][][] states = new double[m.layers + 1][][];
        double[][] h = new double[n][];
        double[] word = m.weight("embeddings.word_embeddings.weight");
        double[] pos = m.weight("embeddings.position_embeddings.weight");
        double[] type = m.weight("embeddings.token_type_embeddings.weight");
        for (int t = 0; t < n; t++) {
            double[] e = new double[d];
            for (int k = 0; k < d; k++) {
                e[k] = word[(int) ids[t] * d + k] + pos[t * d + k] + type[k];
            }
            h[t] = layerNorm(e, m.weight("embeddings.LayerNorm.weight"), m.weight("embeddings.LayerNorm.bias"));
        }
        states[0] = copy(h);
        for (int l = 0; l < m.layers; l++) {
            String p = "encoder.layer." + l + ".";
            double[][] q = new double[n][];
            double[][] kk = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                q[t] = linear(h[t], m.weight(p + "attention.self.query.weight"), m.weight(p + "attention.self.query.bias"), d);
                kk[t] = linear(h[t], m.weight(p + "attention.self.key.weight"), m.weight(p + "attention.self.key.bias"), d);
                v[t] = linear(h[t], m.weight(p + "attention.self.value.weight"), m.weight(p + "attention.self.value.bias"), d);
            }
            double[][] context = attention(q, kk, v, m.heads, m.heads, false);
            double[][] next = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] a = linear(context[t], m.weight(p + "attention.output.dense.weight"),
                        m.weight(p + "attention.output.dense.bias"), d);
                add(a, h[t]);
                a = layerNorm(a, m.weight(p + "attention.output.LayerNorm.weight"),
                        m.weight(p + "attention.output.LayerNorm.bias"));
                double[] f = linear(a, m.weight(p + "intermediate.dense.weight"), m.weight(p + "intermediate.dense.bias"),
                        m.inner);
                for (int i = 0; i < f.length; i++) {
                    f[i] = 0.5 * f[i] * (1 + erf(f[i] / Math.sqrt(2)));
                }
                double[] o = linear(f, m.weight(p + "output.dense.weight"), m.weight(p + "output.dense.bias"), d);
                add(o, a);
                next[t] = layerNorm(o, m.weight(p + "output.LayerNorm.weight"), m.weight(p + "output.LayerNorm.bias"));
            }
            h = next;
            states[l + 1] = copy(h);
        }
        return states;
    }

    // ------------------------------------------------------------------ shared pieces

    /** Multi-head attention; query head i reads key/value head i / (heads / kvHeads). */
    private double[][] attention(double[][] q, double[][] k, double[][] v, int heads, int kvHeads, boolean causal) {
        int n = q.length;
        int hd = m.headDim();
        double[][] out = new double[n][heads * hd];
        for (int head = 0; head < heads; head++) {
            int kvHead = head / (heads / kvHeads);
            for (int t = 0; t < n; t++) {
                int last = causal ? t : n - 1;
                double[] scores = new double[last + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s <= last; s++) {
                    double dot = 0;
                    for (int i = 0; i < hd; i++) {
                        dot += q[t][head * hd + i] * k[s][kvHead * hd + i];
                    }
                    scores[s] = dot / Math.sqrt(hd);
                    max = Math.max(max, scores[s]);
                }
                double sum = 0;
                for (int s = 0; s <= last; s++) {
                    scores[s] = Math.exp(scores[s] - max);
                    sum += scores[s];
                }
                for (int s = 0; s <= last; s++) {
                    for (int i = 0; i < hd; i++) {
                        out[t][head * hd + i] += scores[s] / sum * v[s][kvHead * hd + i];
                    }
                }
            }
        }
        return out;
    }

    /** torch.nn.Linear: weight [out, in]. */
    private static double[] linear(double[] x, double[] w, double[] b, int out) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double sum = b == null ? 0 : b[o];
            for (int i = 0; i < x.length; i++) {
                sum += w[o * x.length + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    /** GPT-2's Conv1D: weight [in, out]. */
    private static double[] conv1d(double[] x, double[] w, double[] b, int out) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double sum = b[o];
            for (int i = 0; i < x.length; i++) {
                sum += w[i * out + o] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    public double[] layerNorm(double[] x, double[] gamma, double[] beta) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) / Math.sqrt(var + m.eps) * gamma[i] + beta[i];
        }
        return y;
    }

    public double[] rmsNorm(double[] x, double[] weight) {
        double ms = 0;
        for (double v : x) {
            ms += v * v;
        }
        ms /= x.length;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / Math.sqrt(ms + m.eps) * weight[i];
        }
        return y;
    }

    private static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    /**
     * erf: Maclaurin series for |x| <= 3 (terms stay below 1e3, so double keeps ~13 digits); beyond, the
     * asymptotic expansion of erfc, whose error there is below 1e-7 of erfc(3) ~ 2e-5.
     */
    static double erf(double x) {
        double a = Math.abs(x);
        if (a > 3) {
            double x2 = a * a;
            double series = 1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 * x2 * x2)
                    + 105 / (16 * x2 * x2 * x2 * x2);
            return Math.signum(x) * (1 - Math.exp(-x2) / (a * Math.sqrt(Math.PI)) * series);
        }
        double sum = 0;
        double term = x;
        for (int n = 0; n < 80; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static double[] slice(double[] x, int from, int length) {
        return java.util.Arrays.copyOfRange(x, from, from + length);
    }

    private static void add(double[] target, double[] x) {
        for (int i = 0; i < target.length; i++) {
            target[i] += x[i];
        }
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }
}
