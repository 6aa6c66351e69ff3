package io.descent.training;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.descent.training.TrainingSpec.LayerSpec;
import io.descent.training.TrainingSpec.ModelSpec;

/**
 * The three model types as one stack of dense layers written with raw NDArray ops (no DJL Block), because the
 * per-op overhead of DJL's Block/ParameterStore machinery dominates small networks:
 * linear = no hidden layer; sigmoid-sum = one hidden layer of {@code sigmoids} sigmoid units whose weighted sum
 * (cᵢ = output weights, b = output bias) is the output; mlp = the listed layers. The output layer is linear: one
 * unit for regression, one logit per class for classification (softmax lives in the loss and in predict).
 *
 * <p>Parameters are ordered W₁, b₁, …, Wₙ, bₙ with W of shape (in, out); that order defines the flat vector of
 * {@link TrainedModel#parameters()}.
 */
final class Network {

    private final List<LayerSpec> hidden;
    private final List<Shape> shapes = new ArrayList<>();

    Network(ModelSpec model, int inputs, int outputs) {
        this.hidden = switch (model.type()) {
            case "linear" -> List.of();
            case "sigmoid-sum" -> List.of(new LayerSpec(model.sigmoids(), "sigmoid", 0.0));
            case "mlp" -> model.layers();
            default -> throw new IllegalArgumentException("unknown model.type '" + model.type() + "'");
        };
        int in = inputs;
        for (LayerSpec l : hidden) {
            if (l.units() == null || l.units() < 1) {
                throw new IllegalArgumentException("layer units must be at least 1");
            }
            activation(l.activation());
            shapes.add(new Shape(in, l.units()));
            shapes.add(new Shape(l.units()));
            in = l.units();
        }
        shapes.add(new Shape(in, outputs));
        shapes.add(new Shape(outputs));
    }

    List<Shape> shapes() {
        return shapes;
    }

    int parameterCount() {
        return shapes.stream().mapToInt(s -> (int) s.size()).sum();
    }

    /**
     * Seeded initialisation from the engine RNG (the caller sets the seed): weights He-uniform before relu,
     * Xavier-uniform otherwise; biases U(±1/sqrt(fan_in)) like PyTorch's nn.Linear, so that a sigmoid-sum on one
     * input starts with its sigmoids spread out instead of all centred on 0.
     */
    List<NDArray> initialize(NDManager manager) {
        List<NDArray> params = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i += 2) {
            Shape w = shapes.get(i);
            long fanIn = w.get(0);
            long fanOut = w.get(1);
            int layer = i / 2;
            boolean relu = layer < hidden.size() && "relu".equals(hidden.get(layer).activation());
            float limit = (float) (relu ? Math.sqrt(6.0 / fanIn) : Math.sqrt(6.0 / (fanIn + fanOut)));
            float biasLimit = (float) (1 / Math.sqrt(fanIn));
            params.add(manager.randomUniform(-limit, limit, w, DataType.FLOAT32));
            params.add(manager.randomUniform(-biasLimit, biasLimit, shapes.get(i + 1), DataType.FLOAT32));
        }
        return params;
    }

    /** Output logits (classification) or values (regression) for a batch x of shape (n, inputs). */
    NDArray forward(List<NDArray> params, NDArray x, boolean training) {
        NDArray h = x;
        for (int layer = 0; layer < hidden.size(); layer++) {
            LayerSpec spec = hidden.get(layer);
            h = activation(spec.activation(), matMul(h, params.get(2 * layer)).add(params.get(2 * layer + 1)));
            double p = spec.dropout() == null ? 0 : spec.dropout();
            if (training && p > 0) {
                // Inverted dropout: scaling kept units by 1/(1-p) leaves evaluation without any rescaling.
                NDArray keep = h.getManager().randomUniform(0f, 1f, h.getShape()).gte((float) p).toType(DataType.FLOAT32, false);
                h = h.mul(keep).mul(scalar(h, (float) (1 / (1 - p))));
            }
        }
        int last = 2 * hidden.size();
        return matMul(h, params.get(last)).add(params.get(last + 1));
    }

    /**
     * A 0-d tensor of {@code value} in memory PyTorch owns, as the operand of an operation whose backward reads it.
     * NDArray.mul(Number) and div(Number) make the number a tensor over a direct buffer and close it as soon as the
     * operation returns, while autograd keeps it for backward: a collection in between freed memory that backward
     * then read (TrainerTest, the heap collected while training). The product is the same either way.
     */
    private static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, DataType.FLOAT32);
    }

    /** NDArray.matMul first asks both operands for their shapes (to refuse scalars), two JNI calls per layer. */
    private static NDArray matMul(NDArray a, NDArray b) {
        return JniUtils.matmul((PtNDArray) a, (PtNDArray) b);
    }

    private static void activation(String name) {
        if (!List.of("relu", "sigmoid", "tanh", "hard-sigmoid", "linear").contains(name)) {
            throw new IllegalArgumentException("unknown activation '" + name + "'");
        }
    }

    private static NDArray activation(String name, NDArray x) {
        return switch (name) {
            case "relu" -> Activation.relu(x);
            case "sigmoid" -> Activation.sigmoid(x);
            case "tanh" -> Activation.tanh(x);
            // PyTorch's Hardsigmoid, relu6(x + 3) / 6: the piecewise-linear "hard sigmoid" of the course.
            case "hard-sigmoid" -> x.div(scalar(x, 6f)).add(0.5f).clip(0f, 1f);
            case "linear" -> x;
            default -> throw new IllegalArgumentException("unknown activation '" + name + "'");
        };
    }
}
