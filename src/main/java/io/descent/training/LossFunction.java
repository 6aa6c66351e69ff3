package io.descent.training;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.descent.dataset.DatasetTable;

/**
 * The full-batch training loss of a model's architecture on fixed rows, as a function of a flat parameter vector
 * (order of {@link TrainedModel#parameters()}), for loss-landscape analysis: Hessian-vector products are finite
 * differences of {@link #gradient}, since DJL has no second-order autograd. Dropout is off; the loss is the data
 * loss only (no weight-decay term) in the same units the service reports (original units for regression).
 * Parameters are evaluated in float32, like training.
 */
public final class LossFunction {

    private final TrainedModel model;
    private final TrainedModel.Encoded data;
    private final double scale;

    private LossFunction(TrainedModel model, TrainedModel.Encoded data) {
        this.model = model;
        this.data = data;
        this.scale = Losses.reportScale(model.spec().loss(), model.preprocessing());
    }

    /** The loss over {@code rows} of {@code table}, encoded with the model's own preprocessing. */
    public static LossFunction of(TrainedModel model, DatasetTable table, int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows to evaluate the loss on");
        }
        return new LossFunction(model, model.encode(table, rows));
    }

    public int dimension() {
        return model.parameterCount();
    }

    public double loss(double[] theta) {
        TrainedModel at = model.withParameters(theta);
        try (NDManager manager = NativeEngine.get().newBaseManager()) {
            return at.evaluate(at.load(manager), at.upload(manager, data))[0];
        }
    }

    public double[] gradient(double[] theta) {
        TrainedModel at = model.withParameters(theta);
        Autograd.acquire();
        try (NDManager manager = NativeEngine.get().newBaseManager()) {
            List<NDArray> params = at.load(manager);
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            TrainedModel.Batch batch = at.upload(manager, data);
            try (GradientCollector collector = NativeEngine.get().newGradientCollector()) {
                NDArray out = at.network().forward(params, batch.x(), false);
                collector.backward(Losses.compute(at.spec().loss(), out, batch.target(),
                        batch.classes() != null));
            }
            double[] flat = new double[theta.length];
            int k = 0;
            List<float[]> grads = new ArrayList<>();
            for (NDArray p : params) {
                grads.add(p.getGradient().toFloatArray());
            }
            for (float[] g : grads) {
                for (float v : g) {
                    flat[k++] = v * scale;
                }
            }
            return flat;
        } finally {
            Autograd.LOCK.unlock();
        }
    }
}
