package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.descent.dataset.Task;
import io.descent.training.TrainingSpec;
import io.descent.training.TrainingSpec.LayerSpec;
import io.descent.training.TrainingSpec.ModelSpec;
import io.descent.training.TrainingSpec.OptimizerSpec;
import io.descent.training.TrainingSpec.ValidationSpec;
import io.descent.web.ApiException;

class SpecValidatorTest {

    static final Map<String, String> IRIS_COLUMNS = new LinkedHashMap<>(Map.of("a", "numeric", "b", "numeric",
            "c", "numeric", "d", "numeric"));
    static final SpecValidator.DatasetFacts IRIS = new SpecValidator.DatasetFacts(Task.CLASSIFICATION, 150, 4,
            IRIS_COLUMNS, "label", 3);
    static final SpecValidator.DatasetFacts DIABETES = new SpecValidator.DatasetFacts(Task.REGRESSION, 442, 10,
            Map.of("age", "numeric"), "target", 0);

    static TrainingSpec spec(ModelSpec model, String loss, OptimizerSpec optimizer, Integer batchSize,
            ValidationSpec validation) {
        return new TrainingSpec("t", UUID.randomUUID(), model, loss, optimizer, null, batchSize, 5, 1L, validation,
                null, null, null);
    }

    static List<String> fieldsOf(TrainingSpec raw, SpecValidator.DatasetFacts data) {
        TrainingSpec spec = raw.withDefaults(data.task(), 7);
        ApiException e = catchThrowableOfType(ApiException.class, () -> SpecValidator.validate(spec, data, null));
        assertThat(e).as("expected a 400").isNotNull();
        assertThat(e.status().value()).isEqualTo(400);
        return e.errors().stream().map(ApiException.FieldProblem::field).toList();
    }

    @Test
    void defaultsPass() {
        TrainingSpec spec = spec(null, null, null, null, null).withDefaults(Task.CLASSIFICATION, 7);
        assertThatCode(() -> SpecValidator.validate(spec, IRIS, null)).doesNotThrowAnyException();
        assertThat(spec.loss()).isEqualTo("cross-entropy");
        assertThat(spec.optimizer().type()).isEqualTo("adam");
        assertThat(spec.optimizer().learningRate()).isEqualTo(0.001);
        assertThat(spec.model().layers()).containsExactly(new LayerSpec(64, "relu", 0.0));
        assertThat(spec.validation().holdout()).isEqualTo(0.2);
    }

    @Test
    void crossEntropyOnRegressionNamesLoss() {
        assertThat(fieldsOf(spec(null, "cross-entropy", null, null, null), DIABETES)).containsExactly("loss");
    }

    @Test
    void batchLargerThanTrainingRowsNamesBatchSize() {
        // 150 rows with a 0.2 holdout leave 120 training rows.
        assertThat(fieldsOf(spec(null, null, null, 121, null), IRIS)).containsExactly("batchSize");
        TrainingSpec ok = spec(null, null, null, 120, null).withDefaults(Task.CLASSIFICATION, 7);
        assertThatCode(() -> SpecValidator.validate(ok, IRIS, null)).doesNotThrowAnyException();
    }

    @Test
    void unknownActivationAndOptimizerAreNamed() {
        ModelSpec model = new ModelSpec("mlp", List.of(new LayerSpec(8, "swish", null)), null);
        OptimizerSpec opt = new OptimizerSpec("lion", 0.01, null, null, null, null, null, null);
        assertThat(fieldsOf(spec(model, null, opt, null, null), IRIS))
                .containsExactlyInAnyOrder("model.layers[0].activation", "optimizer.type");
    }

    @Test
    void negativeLearningRateIsNamed() {
        OptimizerSpec opt = new OptimizerSpec("sgd", -0.1, null, null, null, null, null, null);
        assertThat(fieldsOf(spec(null, null, opt, null, null), IRIS)).containsExactly("optimizer.learningRate");
    }

    @Test
    void holdoutOfOneOrMoreIsNamed() {
        assertThat(fieldsOf(spec(null, null, null, null, new ValidationSpec(1.0, null, null, null)), IRIS))
                .containsExactly("validation.holdout");
    }

    @Test
    void foldsBelowTwoAreNamed() {
        assertThat(fieldsOf(spec(null, null, null, null, new ValidationSpec(null, 1, null, null)), IRIS))
                .containsExactly("validation.folds");
    }

    @Test
    void testDatasetWithOtherColumnsIsRejected() {
        TrainingSpec spec = spec(null, null, null, null, null).withDefaults(Task.CLASSIFICATION, 7);
        SpecValidator.DatasetFacts other = new SpecValidator.DatasetFacts(Task.CLASSIFICATION, 30, 4,
                Map.of("a", "numeric", "b", "numeric", "c", "numeric", "x", "numeric"), "label", 3);
        ApiException e = catchThrowableOfType(ApiException.class, () -> SpecValidator.validate(spec, IRIS, other));
        assertThat(e.errors()).extracting(ApiException.FieldProblem::field).containsExactly("testDatasetId");
        assertThatCode(() -> SpecValidator.validate(spec, IRIS, IRIS)).doesNotThrowAnyException();
    }

    @Test
    void imageAugmentationMustMatchInputWidth() {
        TrainingSpec raw = new TrainingSpec("t", UUID.randomUUID(), null, null, null, null, null, 5, 1L, null, null,
                new TrainingSpec.AugmentationSpec(0.0, new TrainingSpec.ImageAugmentationSpec(3, 3, true, 1)), null);
        assertThat(fieldsOf(raw, IRIS)).containsExactly("augmentation.image");
    }
}
