package io.descent.training;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.descent.training.TrainingSpec.ImageAugmentationSpec;

/**
 * One epoch of a run: its batches, step by step. {@link Trainer} keeps the run's bookkeeping (epochs, validation,
 * early stopping, checkpoints); this class holds what every step needs, so that a step is a small method of its
 * own. That is for the JIT: inside one 2,000-byte method the step ran interpreted or in C1's profiling code until
 * C2 had compiled the whole method by on-stack replacement, again after each deoptimization, and anew for each
 * run. A small step is compiled once, within the first thousands of steps, and every later run in the JVM starts
 * with it compiled (bench/RESULTS.md, case b; bench/warmup.sh).
 */
final class EpochLoop {

    /** What an epoch leaves: device sums read once at its end, host sums, and whether it was cancelled part-way. */
    record Result(float lossSum, long correct, double gradientNormSum, double lastRate, long updates, boolean cancelled) {
    }

    private final Network network;
    private final List<NDArray> params;
    private final FlatParameters flat;
    private final Optimizer optimizer;
    private final String lossName;
    private final boolean crossEntropy;
    private final boolean classification;
    private final int n;
    private final int batchSize;
    private final long[] batchSizes;
    private final TrainedModel.Batch train;
    private final TrainedModel.Encoded trainHost;
    private final Preprocessing pre;
    private final ImageAugmentationSpec image;
    private final float[] zero;
    private final double noise;
    /** backward's seed: d loss / d loss, made once (the loss is a 0-d tensor). */
    private final NDArray one;
    private final float[] gradient;

    // The epoch under way: set by run(), read by step().
    private NDManager epochManager;
    private int[] perm;
    private SplittableRandom random;
    private NDList xs;
    private NDList targets;
    private NDList classes;
    private NDArray lossSum;
    private NDArray correct;
    private NDArray hits;
    private NDArray fullBatch;
    /** The epoch's sum of gradient norms, when the updates are on the device (else summed on the host). */
    private NDArray normSum;

    EpochLoop(Network network, FlatParameters flat, Optimizer optimizer, TrainingSpec spec, boolean classification,
            int batchSize, TrainedModel.Batch train, TrainedModel.Encoded trainHost, Preprocessing pre,
            ImageAugmentationSpec image, double noise, NDManager manager) {
        this.network = network;
        this.params = flat.views();
        this.flat = flat;
        this.optimizer = optimizer;
        this.lossName = spec.loss();
        this.crossEntropy = "cross-entropy".equals(spec.loss());
        this.classification = classification;
        this.n = trainHost.rows();
        this.batchSize = batchSize;
        int batches = (n + batchSize - 1) / batchSize;
        this.batchSizes = new long[batches];
        for (int b = 0; b < batches; b++) {
            batchSizes[b] = Math.min(n, (long) (b + 1) * batchSize) - (long) b * batchSize;
        }
        this.train = train;
        this.trainHost = trainHost;
        this.pre = pre;
        this.image = image;
        this.zero = image == null ? null : pre.encodedZero();
        this.noise = noise;
        this.one = manager.ones(new Shape());
        this.gradient = flat.onDevice() ? null : new float[flat.size()];
    }

    /**
     * Trains one epoch, starting at update {@code updates}: shuffles the rows with {@code random}, which then also
     * draws the image augmentation; checks {@code cancelled} before each step.
     */
    Result run(NDManager manager, SplittableRandom random, Schedule schedule, long updates, BooleanSupplier cancelled) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Splits.shuffle(perm, random);
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = perm[i];
        }
        double lastRate = 0;
        double gradientNormSum = 0;
        try (NDManager epoch = manager.newSubManager()) {
            begin(epoch, perm, order, random);
            for (int b = 0; b < batchSizes.length; b++) {
                if (cancelled.getAsBoolean()) {
                    return new Result(0, 0, gradientNormSum, lastRate, updates, true);
                }
                double exactRate = schedule.rate(updates);
                gradientNormSum += step(b, (float) exactRate);
                updates++;
                lastRate = exactRate;
            }
            if (classification) {
                correct.addi(hits.sum());
            }
            if (normSum != null) {
                gradientNormSum += normSum.getFloat();
            }
            return new Result(lossSum.getFloat(), correct.getLong(), gradientNormSum, lastRate, updates, false);
        } finally {
            end();
        }
    }

    private void begin(NDManager epoch, int[] perm, long[] order, SplittableRandom random) {
        this.epochManager = epoch;
        this.perm = perm;
        this.random = random;
        // The epoch's rows are gathered into shuffled order once and cut into the batches with one split per
        // array, so a step reads its batch without any indexing call; the values are the same.
        PtNDArray index = (PtNDArray) epoch.create(order);
        xs = image != null ? null : batches(rows(train.x(), index));
        targets = crossEntropy ? null : batches(rows(train.target(), index));
        classes = classification ? batches(rows(train.classes().reshape(n, 1), index)) : null;
        lossSum = epoch.zeros(new Shape(1));
        correct = epoch.zeros(new Shape(1), DataType.INT64);
        // Per-row hit counts of the full batches, summed once at the end of the epoch: one reduction fewer per
        // step, and integer counts add up the same in any order.
        hits = classification ? epoch.zeros(new Shape(batchSize, 1), DataType.INT64) : null;
        // What loss.mul(int) would create for every batch: an int32 scalar of the batch's row count.
        fullBatch = epoch.create(batchSize);
        normSum = flat.onDevice() ? epoch.zeros(new Shape()) : null;
    }

    private void end() {
        epochManager = null;
        perm = null;
        random = null;
        xs = null;
        targets = null;
        classes = null;
        lossSum = null;
        correct = null;
        hits = null;
        fullBatch = null;
        normSum = null;
    }

    /** One update on batch {@code b}; returns the norm of its gradient, or 0 where {@link #normSum} sums it. */
    private double step(int b, float rate) {
        int from = b * batchSize;
        int rows = (int) batchSizes[b];
        // One scope per step frees every temporary, including those the optimizer makes on the parameters'
        // manager; a sub-manager per batch would only add its own bookkeeping.
        try (NDScope scope = new NDScope()) {
            NDArray x = image != null
                    ? epochManager.create(augmentImages(trainHost.x(), perm, from, from + rows, pre, image, zero, random),
                            new Shape(rows, pre.width()))
                    : xs.get(b);
            if (noise > 0) {
                x = x.add(epochManager.randomNormal(0f, (float) noise, x.getShape(), DataType.FLOAT32));
            }
            NDArray out;
            NDArray loss;
            // Recording is switched on and off directly rather than through a GradientCollector, whose every use
            // asks the loss for its shape, type and device and makes a fresh ones tensor, a JNI call each;
            // Autograd.LOCK already gives the one-at-a-time it guards.
            JniUtils.setGradMode(true);
            try {
                out = network.forward(params, x, true);
                loss = crossEntropy ? Losses.crossEntropy(out, classes.get(b))
                        : Losses.compute(lossName, out, targets.get(b), classification);
                JniUtils.backward((PtNDArray) loss, (PtNDArray) one, false, false);
            } finally {
                JniUtils.setGradMode(false);
            }
            lossSum.addi(rows == batchSize ? loss.mul(fullBatch) : loss.mul(rows));
            if (classification) {
                NDArray hit = JniUtils.argMax((PtNDArray) out, 1, true).eq(classes.get(b));
                if (rows == batchSize) {
                    hits.addi(hit);
                } else {
                    correct.addi(hit.sum());
                }
            }
            if (flat.onDevice()) {
                NDArray g = flat.gradientTensor();
                normSum.addi(g.norm());
                optimizer.step(flat.tensor(), g, rate);
                return 0;
            }
            flat.gradients(gradient);
            double norm = FlatParameters.norm(gradient);
            optimizer.step(flat.host(), gradient, rate);
            flat.push();
            return norm;
        }
    }

    /**
     * The rows of a 2-D array in the given order. An embedding lookup is PyTorch's index_select along the rows, which
     * copies whole rows; indexing with a tensor (NDArray.get) went element by element, a few percent of a batch-256
     * step of bench/run.sh's case (b) at one gather per epoch. Both copy the same values.
     */
    private static NDArray rows(NDArray table, PtNDArray index) {
        return JniUtils.embedding(index, (PtNDArray) table, false);
    }

    private NDList batches(NDArray rows) {
        return JniUtils.split((PtNDArray) rows, batchSizes, 0);
    }

    /**
     * Random horizontal flip and integer shift (zero fill, where "zero" is a raw black pixel in encoded units)
     * of the batch's images; pixels are de-standardized from their source position and re-standardized at
     * their target, because each pixel has its own mean and std.
     */
    static float[] augmentImages(float[] x, int[] perm, int from, int to, Preprocessing pre,
            ImageAugmentationSpec image, float[] zero, SplittableRandom random) {
        int w = image.width();
        int h = image.height();
        int size = w * h;
        int max = image.maxShift() == null ? 0 : image.maxShift();
        boolean flip = Boolean.TRUE.equals(image.horizontalFlip());
        float[] mean = new float[size];
        float[] std = new float[size];
        for (int j = 0; j < size; j++) {
            mean[j] = (float) pre.features().get(j).mean();
            std[j] = (float) pre.features().get(j).std();
        }
        float[] out = new float[(to - from) * size];
        for (int i = from; i < to; i++) {
            int row = perm[i];
            boolean mirrored = flip && random.nextBoolean();
            int dx = max > 0 ? random.nextInt(-max, max + 1) : 0;
            int dy = max > 0 ? random.nextInt(-max, max + 1) : 0;
            int base = (i - from) * size;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    int sr = r - dy;
                    int sc = c - dx;
                    if (mirrored) {
                        sc = w - 1 - sc;
                    }
                    int target = r * w + c;
                    if (sr < 0 || sr >= h || sc < 0 || sc >= w) {
                        out[base + target] = zero[target];
                    } else {
                        int source = sr * w + sc;
                        float raw = x[row * size + source] * std[source] + mean[source];
                        out[base + target] = (raw - mean[target]) / std[target];
                    }
                }
            }
        }
        return out;
    }
}
