package io.descent.training;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.dataset.Task;
import io.descent.training.TrainingSpec.EarlyStoppingSpec;
import io.descent.training.TrainingSpec.ImageAugmentationSpec;

/**
 * The training loop, hand-rolled on NDArrays because per-step overhead, not arithmetic, dominates small MLPs
 * (each tensor operation is a JNI call plus an NDArray object): the whole split is uploaded once; each epoch
 * gathers it into shuffled order and splits it into batch views in one call per array; the parameters are one
 * buffer with a host copy ({@link FlatParameters}): the gradients come to the host and the updated parameters go
 * back through direct buffers over the tensors' memory, and the optimizer updates the host copy in one loop (on a
 * GPU it updates the tensor on the device instead: {@link #UPDATES_PROPERTY}); losses and accuracy are summed on the
 * device and read once per epoch, gradient norms on the host (on a GPU, on the device too). A step of the
 * 64-128-64-10 benchmark MLP with cross-entropy and Adam makes 20 JNI calls that run an operation (bench/RESULTS.md
 * lists them), plus the deletion of its temporaries. This class keeps the run's bookkeeping (epochs, validation,
 * early stopping, checkpoints); {@link EpochLoop} trains each epoch, step by step.
 *
 * <p>Determinism and resume: the initial weights come from the engine RNG seeded with the job seed; at the start
 * of epoch e the engine RNG (dropout, Gaussian noise) is re-seeded and the shuffle/image-augmentation stream is a
 * fresh {@link SplittableRandom}, both from {@link Autograd#derive}(seed, e). Randomness is thus a pure function
 * of (seed, epoch), and a run resumed from the checkpoint of epoch k reproduces the uninterrupted run bit for bit
 * (on the CPU engine, which is deterministic for a fixed thread count).
 */
public final class Trainer {

    /**
     * Where the optimizer updates the parameters: {@code auto} (the default) on the device when it is a GPU and on
     * the host when it is the CPU, or {@code host} or {@code device} everywhere (bench/gpu.sh compares them).
     */
    static final String UPDATES_PROPERTY = "descent.training.updates";

    /** Null: as {@link #UPDATES_PROPERTY} says. */
    private final Boolean updatesOnDevice;

    public Trainer() {
        this(null);
    }

    /** A trainer that updates on the device ({@code true}) or on the host ({@code false}) on any device. */
    Trainer(Boolean updatesOnDevice) {
        this.updatesOnDevice = updatesOnDevice;
    }

    public TrainingOutcome train(TrainingRun run, EpochListener listener) {
        Autograd.acquire();
        try {
            return trainLocked(run, listener == null ? EpochListener.NONE : listener);
        } finally {
            Autograd.LOCK.unlock();
        }
    }

    private TrainingOutcome trainLocked(TrainingRun run, EpochListener listener) {
        TrainingSpec spec = run.spec();
        boolean classification = run.data().task() == Task.CLASSIFICATION;
        Losses.check(spec.loss(), classification);
        if (spec.batchSize() < 1 || run.epochLimit() < 1) {
            throw new IllegalArgumentException("batchSize and epochs must be at least 1");
        }
        Preprocessing pre = Preprocessing.fit(run.data(), run.trainRows());
        Network network = new Network(spec.model(), pre.width(), pre.outputs());
        long seed = spec.seed();
        int n = run.trainRows().length;
        int batchSize = Math.min(spec.batchSize(), n);
        int batches = (n + batchSize - 1) / batchSize;
        int epochs = run.epochLimit();
        Schedule schedule = new Schedule(spec.optimizer().learningRate(), spec.schedule(), (long) epochs * batches);
        boolean hasValidation = run.validationRows().length > 0;
        EarlyStoppingSpec early = hasValidation ? spec.earlyStopping() : null;
        boolean keepBest = early != null && Boolean.TRUE.equals(early.restoreBest());
        double noise = spec.augmentation() == null || spec.augmentation().gaussianNoise() == null ? 0
                : spec.augmentation().gaussianNoise();
        ImageAugmentationSpec image = spec.augmentation() == null ? null : spec.augmentation().image();
        if (image != null && image.width() * image.height() != pre.width()) {
            throw new IllegalArgumentException("augmentation.image: width × height must equal the " + pre.width() + " inputs");
        }

        NativeEngine.applyBlasThreads();
        try (NDManager manager = NativeEngine.get().newBaseManager(device())) {
            NativeEngine.get().setRandomSeed((int) Autograd.derive(seed, 0));
            FlatParameters flat = FlatParameters.of(manager, network.initialize(manager),
                    updatesOnDevice != null ? updatesOnDevice : updatesOnDevice(manager.getDevice()));
            List<NDArray> params = flat.views();
            TrainedModel shell = new TrainedModel(spec, pre, flat.toHost());
            Optimizer optimizer = Optimizer.create(spec.optimizer(), flat);

            int epoch = 0;
            long updates = 0;
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            int without = 0;
            List<float[]> bestParams = null;
            History history = new History();
            Checkpoint resume = run.resumeFrom();
            if (resume != null) {
                flat.load(manager, resume.parameters());
                optimizer.restore(new Optimizer.State(resume.optimizerSteps(), resume.optimizerBuffers()));
                epoch = resume.epoch();
                updates = resume.updates();
                bestLoss = resume.bestLoss();
                bestEpoch = resume.bestEpoch();
                without = resume.epochsWithoutImprovement();
                bestParams = resume.bestParameters();
                history.addAll(resume.history());
            }
            List<float[]> lastEpochParams = flat.toHost();
            flat.requireGradients();

            TrainedModel.Encoded trainHost = shell.encode(run.data(), run.trainRows());
            TrainedModel.Batch train = shell.upload(manager, trainHost);
            TrainedModel.Batch validation = hasValidation
                    ? shell.upload(manager, shell.encode(run.data(), run.validationRows())) : null;
            EpochLoop loop = new EpochLoop(network, flat, optimizer, spec, classification, batchSize, train, trainHost,
                    pre, image, noise, manager);
            double scale = Losses.reportScale(spec.loss(), pre);

            boolean cancelled = false;
            boolean stoppedEarly = early != null && without >= early.patience();
            while (!stoppedEarly && epoch < epochs) {
                int e = epoch + 1;
                long started = System.nanoTime();
                long epochSeed = Autograd.derive(seed, e);
                NativeEngine.get().setRandomSeed((int) epochSeed);
                EpochLoop.Result sums = loop.run(manager, new SplittableRandom(epochSeed), schedule, updates,
                        run.cancelled());
                if (sums.cancelled()) {
                    cancelled = true;
                    break;
                }
                updates = sums.updates();
                double trainLoss = sums.lossSum() / n * scale;
                if (!Double.isFinite(trainLoss)) {
                    throw new TrainingDivergedException(e, trainLoss);
                }
                Double validationLoss = null;
                Double validationAccuracy = null;
                if (hasValidation) {
                    double[] v = shell.evaluate(params, validation);
                    if (!Double.isFinite(v[0])) {
                        throw new TrainingDivergedException(e, v[0]);
                    }
                    validationLoss = v[0];
                    validationAccuracy = classification ? v[1] : null;
                }
                epoch = e;
                List<float[]> current = flat.toHost();
                if (!hasValidation) {
                    bestEpoch = e;
                } else if (early != null) {
                    if (validationLoss < bestLoss - early.minDelta()) {
                        bestLoss = validationLoss;
                        bestEpoch = e;
                        without = 0;
                        bestParams = keepBest ? current : null;
                    } else {
                        without++;
                        stoppedEarly = without >= early.patience() && e < epochs;
                    }
                } else if (validationLoss < bestLoss) {
                    bestLoss = validationLoss;
                    bestEpoch = e;
                }
                EpochStats stats = new EpochStats(e, trainLoss, validationLoss,
                        classification ? (double) sums.correct() / n : null, validationAccuracy, sums.lastRate(),
                        sums.gradientNormSum() / batches,
                        (System.nanoTime() - started) / 1e9);
                history.add(stats);
                lastEpochParams = current;
                Optimizer.State state = optimizer.state();
                listener.onEpochEnd(stats, new Checkpoint(e, updates, current, state.steps(), state.buffers(),
                        bestLoss, bestEpoch, without, bestParams, history.snapshot()));
            }

            // A cancelled run keeps the weights of its last finished epoch, matching the epochs it reports.
            List<float[]> finalParams = keepBest && bestParams != null ? bestParams : lastEpochParams;
            TrainedModel model = new TrainedModel(spec, pre, finalParams);
            return outcome(run, model, manager, train, validation, history.snapshot(), bestEpoch, stoppedEarly,
                    cancelled, classification);
        }
    }

    /**
     * The first GPU when the engine finds one (a CUDA libtorch, as README's GPU section says, and a driver), else the
     * CPU. Bit-identical reruns and resumes are only promised on the CPU engine. Public for bench/gpu.sh's report.
     */
    public static Device device() {
        return NativeEngine.get().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /**
     * Whether {@link #UPDATES_PROPERTY} puts a run's updates on {@code device} rather than on the host. Public for
     * bench/gpu.sh's report.
     */
    public static boolean updatesOnDevice(Device device) {
        return updatesOnDevice(System.getProperty(UPDATES_PROPERTY, "auto"), device);
    }

    static boolean updatesOnDevice(String where, Device device) {
        return switch (where) {
            case "auto" -> !Device.cpu().equals(device);
            case "device" -> true;
            case "host" -> false;
            default -> throw new IllegalStateException(
                    "-D" + UPDATES_PROPERTY + " must be auto, host or device, not '" + where + "'");
        };
    }

    private static TrainingOutcome outcome(TrainingRun run, TrainedModel model, NDManager manager,
            TrainedModel.Batch train, TrainedModel.Batch validation, List<EpochStats> history, int bestEpoch,
            boolean stoppedEarly, boolean cancelled, boolean classification) {
        List<NDArray> params = model.load(manager);
        double[] t = model.evaluate(params, train);
        double[] v = validation == null ? null : model.evaluate(params, validation);
        double[] test = null;
        if (run.test() != null) {
            int[] all = new int[run.test().rows()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            test = model.evaluate(params, model.upload(manager, model.encode(run.test(), all)));
        }
        double seconds = history.stream().mapToDouble(EpochStats::seconds).sum();
        return new TrainingOutcome(t[0], classification ? t[1] : null, v == null ? null : v[0],
                v == null || !classification ? null : v[1], bestEpoch, stoppedEarly, history.size(),
                test == null ? null : test[0], test == null || !classification ? null : test[1], seconds, cancelled,
                List.copyOf(history), model);
    }

    /**
     * A run's epochs, appended once per epoch, whose snapshots cost nothing to take. Every epoch hands its listener a
     * checkpoint holding the history so far, and a copy each (what this replaced) made a run of n epochs copy O(n²)
     * entries: a run of 20,000 one-batch epochs on iris spent 0.55-0.67 s outside its epochs, 0.08 s now
     * (bench/RESULTS.md, event streams). A snapshot is a view of the first {@code size} slots of the current array:
     * later appends write past them, or into a new array when it grows, so what a snapshot shows never changes; the
     * listener's hand-over publishes it safely.
     */
    private static final class History {

        private EpochStats[] items = new EpochStats[16];
        private int size;

        void add(EpochStats stats) {
            if (size == items.length) {
                items = Arrays.copyOf(items, 2 * size);
            }
            items[size++] = stats;
        }

        void addAll(List<EpochStats> all) {
            all.forEach(this::add);
        }

        List<EpochStats> snapshot() {
            return Collections.unmodifiableList(Arrays.asList(items).subList(0, size));
        }
    }
}
