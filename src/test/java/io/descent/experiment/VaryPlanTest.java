package io.descent.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.descent.job.EpochView;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class VaryPlanTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode j(String s) {
        return JSON.readTree(s);
    }

    static LinkedHashMap<String, List<JsonNode>> vary(String s) {
        LinkedHashMap<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : j(s).properties()) {
            out.put(e.getKey(), e.getValue().valueStream().toList());
        }
        return out;
    }

    @Test
    void productHasOneCombinationPerTupleWithTheLastKeyFastest() {
        var combos = VaryPlan.product(vary("""
                {"optimizer": [{"type": "sgd"}, {"type": "adam"}], "batchSize": [16, 64, 256]}"""));
        assertThat(combos).hasSize(6);
        assertThat(combos).extracting(c -> c.get("optimizer").get("type").asText() + "/" + c.get("batchSize").asInt())
                .containsExactly("sgd/16", "sgd/64", "sgd/256", "adam/16", "adam/64", "adam/256");
        assertThat(combos.get(0).keySet()).containsExactly("optimizer", "batchSize");
        assertThat(VaryPlan.count(vary("{\"a\": [1, 2], \"b\": [1, 2, 3], \"c\": [1, 2, 3, 4]}"))).isEqualTo(24);
        assertThat(VaryPlan.count(vary("{\"a\": [1, 2], \"b\": []}"))).isZero();
    }

    @Test
    void topLevelObjectReplacesTheWholeField() {
        ObjectNode base = (ObjectNode) j("""
                {"optimizer": {"type": "adam", "learningRate": 0.001, "beta1": 0.8}, "epochs": 5}""");
        ObjectNode merged = VaryPlan.merge(base, Map.of("optimizer", j("{\"type\": \"sgd\", \"learningRate\": 0.1}")));
        assertThat(merged.get("optimizer")).isEqualTo(j("{\"type\": \"sgd\", \"learningRate\": 0.1}"));
        assertThat(merged.get("epochs").asInt()).isEqualTo(5);
        // The base is not touched: every combination starts from the same base.
        assertThat(base.get("optimizer").get("type").asText()).isEqualTo("adam");
    }

    @Test
    void dottedPathSetsOneValueAndKeepsTheRest() {
        ObjectNode base = (ObjectNode) j("""
                {"optimizer": {"type": "adam", "learningRate": 0.001, "beta1": 0.8},
                 "model": {"type": "mlp", "layers": [{"units": 8}, {"units": 4, "activation": "tanh"}]}, "schedule": null}""");
        ObjectNode merged = VaryPlan.merge(base, Map.of(
                "optimizer.learningRate", j("0.05"),
                "model.layers.1.units", j("32"),
                "schedule.decay", j("\"cosine\""),
                "augmentation.gaussianNoise", j("0.1")));
        assertThat(merged.get("optimizer")).isEqualTo(j("{\"type\": \"adam\", \"learningRate\": 0.05, \"beta1\": 0.8}"));
        assertThat(merged.get("model").get("layers")).isEqualTo(j("[{\"units\": 8}, {\"units\": 32, \"activation\": \"tanh\"}]"));
        assertThat(merged.get("schedule")).isEqualTo(j("{\"decay\": \"cosine\"}"));
        assertThat(merged.get("augmentation")).isEqualTo(j("{\"gaussianNoise\": 0.1}"));
    }

    @Test
    void shallowPathsApplyBeforeDeepOnesWhateverTheKeyOrder() {
        ObjectNode base = (ObjectNode) j("{\"optimizer\": {\"type\": \"adam\"}}");
        Map<String, JsonNode> combination = new LinkedHashMap<>();
        combination.put("optimizer.learningRate", j("0.3"));
        combination.put("optimizer", j("{\"type\": \"sgd\"}"));
        assertThat(VaryPlan.merge(base, combination).get("optimizer"))
                .isEqualTo(j("{\"type\": \"sgd\", \"learningRate\": 0.3}"));
    }

    @Test
    void pathsThroughValuesOrPastTheEndOfAListAreRefused() {
        ObjectNode base = (ObjectNode) j("{\"epochs\": 5, \"model\": {\"layers\": [{\"units\": 8}]}}");
        assertThatThrownBy(() -> VaryPlan.merge(base, Map.of("epochs.x", j("1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs is a value");
        assertThatThrownBy(() -> VaryPlan.merge(base, Map.of("model.layers.3.units", j("1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'3' is not an index");
    }

    @Test
    void onlyTrainingSpecFieldsOtherThanSeedMayVary() {
        assertThat(VaryPlan.problemWithPath("optimizer")).isNull();
        assertThat(VaryPlan.problemWithPath("model.layers")).isNull();
        assertThat(VaryPlan.problemWithPath("earlyStopping.patience")).isNull();
        assertThat(VaryPlan.problemWithPath("seed")).contains("cannot vary");
        assertThat(VaryPlan.problemWithPath("learningRate")).contains("not a field of TrainingSpec");
        assertThat(VaryPlan.problemWithPath("optimizer..type")).contains("not a field path");
        assertThat(VaryPlan.problemWithPath("")).contains("not a field path");
    }

    @Test
    void labelsShowTheTypeBareAndOtherValuesByName() {
        Map<String, JsonNode> varied = new LinkedHashMap<>();
        varied.put("optimizer", j("{\"type\": \"sgd\", \"learningRate\": 0.05}"));
        varied.put("batchSize", j("16"));
        varied.put("loss", j("\"mae\""));
        assertThat(VaryPlan.label(varied)).isEqualTo("sgd learningRate=0.05, batchSize=16, loss=mae");
        assertThat(VaryPlan.label(Map.of("earlyStopping", j("{\"patience\": 3}")))).isEqualTo("earlyStopping={patience=3}");
    }

    static EpochView epoch(int fold, int epoch, Double train, Double validation) {
        return new EpochView(fold, epoch, train, validation, null, null, 0.1, 1.0, 0.01);
    }

    @Test
    void holdoutSummaryTakesTheLowestValidationLossAndTheLastTrainLoss() {
        var s = ExperimentService.summarize(List.of(epoch(0, 1, 2.0, 1.5), epoch(0, 2, 1.0, 0.7), epoch(0, 3, 0.5, 0.9)), false);
        assertThat(s.bestValidationLoss()).isEqualTo(0.7);
        assertThat(s.bestEpoch()).isEqualTo(2);
        assertThat(s.finalTrainLoss()).isEqualTo(0.5);
        var none = ExperimentService.summarize(List.of(), false);
        assertThat(none.bestValidationLoss()).isNull();
        assertThat(none.finalTrainLoss()).isNull();
    }

    @Test
    void kFoldSummaryUsesTheMeanOverFoldsAtEpochsEveryFoldReachedAndIgnoresTheRefit() {
        var s = ExperimentService.summarize(List.of(
                epoch(1, 1, 1.0, 0.8), epoch(1, 2, 0.6, 0.5),
                epoch(2, 1, 1.2, 0.6), epoch(2, 2, 0.8, 0.9), epoch(2, 3, 0.4, 0.1),
                epoch(0, 1, 0.01, null)), true);
        // epoch 1: mean 0.7; epoch 2: mean 0.7 (not lower); epoch 3: only fold 2 → ignored.
        assertThat(s.bestValidationLoss()).isCloseTo(0.7, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s.bestEpoch()).isEqualTo(1);
        assertThat(s.finalTrainLoss()).isCloseTo((0.6 + 0.4) / 2, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void failedCombinationFieldsAreNamedUnderVaryOrBase() {
        Map<String, JsonNode> c = new LinkedHashMap<>();
        c.put("optimizer", j("{}"));
        c.put("batchSize", j("16"));
        assertThat(ExperimentService.fieldOf("optimizer.learningRate", 2, c)).isEqualTo("vary[2].optimizer.learningRate");
        assertThat(ExperimentService.fieldOf("batchSize", 1, c)).isEqualTo("vary[1].batchSize");
        assertThat(ExperimentService.fieldOf("loss", 0, c)).isEqualTo("base.loss");
        assertThat(ExperimentService.fieldOf("model", 0, Map.of("model.layers", j("[]")))).isEqualTo("vary[0].model");
    }
}
