package io.mossa.cka.similarity.api;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.web.multipart.MultipartFile;

import io.mossa.cka.similarity.LayerStack;
import io.mossa.tensor.npy.NpyArray;
import io.mossa.tensor.npy.NpyFormatException;
import io.mossa.tensor.npy.NpyReader;
import io.mossa.web.problem.ApiProblem;

/** An uploaded NPY part: float32 or float64 of shape [n, p] (one layer) or [layers, n, p]. */
final class NpyUpload {

    private NpyUpload() {
    }

    static LayerStack read(String part, MultipartFile file, long maxValues, int maxLayers) {
        if (file == null || file.isEmpty()) {
            throw ApiProblem.unprocessable(part + ": the part is missing or empty; send an NPY file as multipart part '"
                    + part + "'");
        }
        NpyArray array;
        try (InputStream in = file.getInputStream()) {
            array = new NpyReader(maxValues).read(in);
        } catch (NpyFormatException e) {
            throw ApiProblem.unprocessable(part + ": not a readable NPY array: " + e.getMessage());
        } catch (IOException e) {
            throw ApiProblem.badRequest(part + ": the upload could not be read: " + e.getMessage());
        }
        int[] shape = array.shape();
        if (shape.length == 2) {
            return LayerStack.of(part, array.data(), 1, shape[0], shape[1]);
        }
        if (shape.length == 3) {
            if (shape[0] > maxLayers) {
                throw ApiProblem.unprocessable(part + ": " + shape[0] + " layers, above the limit of " + maxLayers);
            }
            return LayerStack.of(part, array.data(), shape[0], shape[1], shape[2]);
        }
        throw ApiProblem.unprocessable(part + ": shape " + java.util.Arrays.toString(shape)
                + " is neither [n, p] nor [layers, n, p]");
    }
}
