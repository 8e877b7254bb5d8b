package io.mossa.extractor.model.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

/**
 * Makes intermediate tensors graph outputs so ONNX Runtime returns them.
 *
 * <p>An ONNX graph only returns what it declares in {@code GraphProto.output} (field 12). Appending a
 * {@code ValueInfoProto} that carries just the tensor name is enough: ONNX Runtime infers the type.
 * The edit splices bytes instead of re-serialising the model so that the weights (most of the file) are
 * copied once and nothing else in the model changes; repeated fields may legally be appended at the end
 * of their message.
 */
public final class OnnxGraphRewriter {

    private OnnxGraphRewriter() {
    }

    /** Returns a model that also outputs every hidden state; names already declared are not repeated. */
    public static byte[] exposeHiddenStates(byte[] model, OnnxGraphInfo info) throws OnnxGraphException {
        List<String> extra = new ArrayList<>();
        for (String name : info.hiddenStateOutputs()) {
            if (!info.graphOutputs().contains(name) && !extra.contains(name)) {
                extra.add(name);
            }
        }
        return appendOutputs(model, extra);
    }

    public static byte[] appendOutputs(byte[] model, List<String> names) throws OnnxGraphException {
        int[] graph = OnnxGraphReader.findGraph(model);
        byte[] appended = outputEntries(names);
        try {
            int graphLength = graph[1] + appended.length;
            int fieldStart = graph[2];
            ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + appended.length + 16);
            out.write(model, 0, fieldStart);
            CodedOutputStream header = CodedOutputStream.newInstance(out);
            header.writeTag(OnnxGraphReader.MODEL_GRAPH, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            header.writeUInt32NoTag(graphLength);
            header.flush();
            out.write(model, graph[0], graph[1]);
            out.write(appended);
            int end = graph[0] + graph[1];
            out.write(model, end, model.length - end);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] outputEntries(List<String> names) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            for (String name : names) {
                int valueInfoSize = CodedOutputStream.computeStringSize(1, name);
                out.writeTag(OnnxGraphReader.GRAPH_OUTPUT, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(valueInfoSize);
                out.writeString(1, name);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
