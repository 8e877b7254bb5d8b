package io.mossa.extractor.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Resolves mossa.extractor.device for the PyTorch engine. Asking the engine for GPUs starts it (seconds),
 * so this runs only when a HuggingFace checkpoint is registered.
 */
public final class ComputeDevice {

    private static final Pattern CUDA = Pattern.compile("cuda:(\\d+)");

    private ComputeDevice() {
    }

    public static Device resolve(String setting) {
        String value = setting == null ? "auto" : setting.trim();
        if (value.equals("cpu")) {
            return Device.cpu();
        }
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        if (value.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        Matcher m = CUDA.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("mossa.extractor.device '" + value + "' is not auto, cpu or cuda:N");
        }
        int index = Integer.parseInt(m.group(1));
        if (index >= gpus) {
            throw new IllegalArgumentException("mossa.extractor.device '" + value + "' names GPU " + index + " but "
                    + gpus + " CUDA GPU(s) are visible to PyTorch");
        }
        return Device.gpu(index);
    }
}
