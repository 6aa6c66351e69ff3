package io.descent.training;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One prediction: label and class probabilities for classification, value (original units) for regression. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String label, Map<String, Double> probabilities, Double value) {
}
