package io.mossa.extractor.model.selftest;

import java.util.List;

import io.mossa.extractor.model.Encoder;
import io.mossa.extractor.model.HiddenStateSink;
import io.mossa.extractor.model.hf.HfEncoder;

/** Devices that compute wrong numbers, made from the real encoder by altering what it returns. */
final class BrokenDevices {

    /** Changes the hidden state {@code values} of input {@code input} at hidden-state index {@code state} in place. */
    @FunctionalInterface
    interface Fault {
        void apply(int input, int state, float[] values);
    }

    private BrokenDevices() {
    }

    static DeviceSelfTest.Loader with(Fault fault) {
        return (checkpoint, compute) -> {
            HfEncoder real = HfEncoder.load(checkpoint, compute);
            return new Encoder() {
                @Override
                public void forward(List<long[]> inputs, int[] layers, HiddenStateSink sink) {
                    real.forward(inputs, layers, (input, slot, values) -> {
                        fault.apply(input, layers[slot], values);
                        sink.accept(input, slot, values);
                    });
                }

                @Override
                public int maxBatchSize() {
                    return real.maxBatchSize();
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        };
    }
}
