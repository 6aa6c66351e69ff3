package io.descent.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.descent.analysis.Diagnosis.Comparison;
import io.descent.analysis.Diagnosis.DiagnosisVerdict;
import io.descent.analysis.Diagnosis.Facts;
import io.descent.analysis.Diagnosis.FeatureShift;

/**
 * The course's General Guidance as a pure function of measured {@link Facts}. Every loss is judged against the
 * trivial predictor's loss on the same rows (the training mean for regression, the training class frequencies for
 * classification, whose most likely class is the majority class), as the relative loss ρ = loss / trivial loss:
 * 0 is perfect, 1 is no better than guessing.
 * <ol>
 * <li>Training loss large (ρ_train &gt; {@value #LARGE}): if a model with fewer hidden layers, trained with the same
 * seed, rows, optimizer and epochs, reached a training loss lower than the job's by more than
 * {@value #MARGIN} × the trivial training loss, the deeper model could have fitted at least as well and did not:
 * {@code OPTIMIZATION}. Otherwise the model cannot fit the training data: {@code MODEL_BIAS}.</li>
 * <li>Otherwise the training loss is small, and a loss on other rows is "far above" a reference loss when it is
 * more than {@value #GAP} × the reference and exceeds it by more than {@value #EXCESS} × the trivial predictor's
 * loss on those rows (twice a tiny loss is still tiny). Validation loss far above the training loss:
 * {@code OVERFITTING}.</li>
 * <li>Test loss far above the validation loss (the training loss stands in when there are no validation rows)
 * and at least one feature distributed measurably differently in the test data than in the training rows
 * ({@link Shifts}): {@code MISMATCH}. Far above without any feature shift is reported as evidence under
 * {@code OK}: the inputs did not change, so it is not a mismatch of the inputs.</li>
 * <li>Otherwise {@code OK}.</li>
 * </ol>
 */
final class GeneralGuidance {

    static final double LARGE = 0.5;
    static final double GAP = 2.0;
    static final double MARGIN = 0.05;
    static final double EXCESS = 0.1;

    private GeneralGuidance() {
    }

    /** Whether step 1 applies, so that comparison models must be trained before deciding. */
    static boolean trainingLossLarge(double trainLoss, double trivialTrainLoss) {
        return relative(trainLoss, trivialTrainLoss) > LARGE;
    }

    static Diagnosis diagnose(Facts f) {
        List<String> evidence = new ArrayList<>();
        List<String> suggestions = new ArrayList<>();
        double rTrain = relative(f.trainLoss(), f.trivialTrainLoss());

        if (rTrain > LARGE) {
            evidence.add("training loss " + num(f.trainLoss()) + " is large: " + pct(rTrain)
                    + " of the " + num(f.trivialTrainLoss()) + " of a trivial predictor that ignores the features");
            Comparison better = null;
            for (Comparison c : f.comparisons()) {
                if (c.depth() < f.depth() && f.trainLoss() > c.trainLoss() + MARGIN * f.trivialTrainLoss()
                        && (better == null || c.trainLoss() < better.trainLoss())) {
                    better = c;
                }
            }
            for (Comparison c : f.comparisons()) {
                evidence.add("a simpler " + c.model() + " model (" + c.depth() + " hidden layer" + (c.depth() == 1 ? "" : "s")
                        + ") trained the same way reached training loss " + num(c.trainLoss()));
            }
            if (better != null) {
                evidence.add("your deeper model (" + f.depth() + " hidden layers) can represent everything the "
                        + better.model() + " model can, yet fits the training data worse: the optimizer did not find "
                        + "good parameters");
                suggestions.addAll(List.of("tune the learning rate, or switch to adam",
                        "train for more epochs or with a learning-rate schedule",
                        "prefer relu over sigmoid in deep networks, whose gradients vanish",
                        "start from the shallower model and deepen it step by step"));
                return new Diagnosis(DiagnosisVerdict.OPTIMIZATION, evidence, suggestions, f);
            }
            evidence.add(f.comparisons().isEmpty()
                    ? "no simpler model to compare with: the model itself is too simple for this data"
                    : "no simpler model fitted the training data better, so the model family is too limited");
            suggestions.addAll(List.of("a more flexible model: more units or more layers",
                    "more or better features (domain knowledge)",
                    f.depth() == 0 ? "an mlp instead of a linear model" : "a different activation or model type"));
            return new Diagnosis(DiagnosisVerdict.MODEL_BIAS, evidence, suggestions, f);
        }
        evidence.add("training loss " + num(f.trainLoss()) + " is small: " + pct(rTrain) + " of the "
                + num(f.trivialTrainLoss()) + " of a trivial predictor that ignores the features");

        if (f.validationLoss() != null) {
            double rVal = relative(f.validationLoss(), f.trivialValidationLoss());
            if (farAbove(f.validationLoss(), f.trainLoss(), f.trivialValidationLoss())) {
                evidence.add("validation loss " + num(f.validationLoss()) + " is " + times(f.validationLoss(), f.trainLoss())
                        + " the training loss, and " + pct(rVal) + " of the trivial predictor's "
                        + num(f.trivialValidationLoss()) + " on the validation rows");
                suggestions.addAll(List.of("more data or data augmentation", "fewer parameters (a smaller model)",
                        "early stopping", "dropout or weight decay"));
                return new Diagnosis(DiagnosisVerdict.OVERFITTING, evidence, suggestions, f);
            }
            evidence.add("validation loss " + num(f.validationLoss()) + " is close enough to the training loss ("
                    + pct(rVal) + " of the trivial predictor's " + num(f.trivialValidationLoss()) + ")");
        }

        if (f.testLoss() != null) {
            double reference = f.validationLoss() != null ? f.validationLoss() : f.trainLoss();
            String referenceName = f.validationLoss() != null ? "validation" : "training";
            double rTest = relative(f.testLoss(), f.trivialTestLoss());
            boolean far = farAbove(f.testLoss(), reference, f.trivialTestLoss());
            List<FeatureShift> shifted = f.shifts().stream().filter(FeatureShift::shifted).toList();
            if (far) {
                evidence.add("test loss " + num(f.testLoss()) + " is " + times(f.testLoss(), reference) + " the "
                        + referenceName + " loss, and " + pct(rTest) + " of the trivial predictor's "
                        + num(f.trivialTestLoss()) + " on the test rows");
                if (!shifted.isEmpty()) {
                    for (FeatureShift s : shifted) {
                        evidence.add("feature " + s.feature() + " is distributed differently in the test data: "
                                + "shift statistic " + num(s.statistic()) + " > " + num(s.threshold())
                                + (s.meanShift() == null ? "" : ", mean moved by " + num(s.meanShift())
                                        + " training standard deviations"));
                    }
                    suggestions.addAll(List.of("collect training data from the same source and time as the data the "
                                    + "model will be used on", "include examples like the test data in training",
                            "check that the test features are measured and encoded as in training"));
                    return new Diagnosis(DiagnosisVerdict.MISMATCH, evidence, suggestions, f);
                }
                evidence.add("yet no feature is distributed measurably differently in the test data, so this is not "
                        + "a mismatch of the inputs");
                suggestions.add("check whether the labels of the test data follow the same rule as in training");
                suggestions.add("a larger validation set, so that it predicts the test loss better");
            } else {
                evidence.add("test loss " + num(f.testLoss()) + " is in line with the " + referenceName + " loss "
                        + num(reference));
            }
        }
        if (suggestions.isEmpty()) {
            suggestions.add("nothing to fix: compare a few more models or hyperparameters to see if you can do better");
        }
        return new Diagnosis(DiagnosisVerdict.OK, evidence, suggestions, f);
    }

    static boolean farAbove(double loss, double reference, double trivial) {
        return loss > GAP * reference && loss - reference > EXCESS * trivial;
    }

    /** loss / trivial loss; a trivial loss of 0 (constant labels) makes any positive loss infinitely large. */
    static double relative(double loss, double trivial) {
        if (trivial > 0) {
            return loss / trivial;
        }
        return loss > 0 ? Double.POSITIVE_INFINITY : 0;
    }

    static String num(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5)) {
            return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String pct(double r) {
        if (Double.isInfinite(r)) {
            return "infinitely more than";
        }
        return r < 0.01 ? "under 1%" : String.format(Locale.ROOT, "%.0f%%", 100 * r);
    }

    private static String times(double a, double b) {
        return b > 0 ? String.format(Locale.ROOT, "%.3g×", a / b) : "far above";
    }
}
