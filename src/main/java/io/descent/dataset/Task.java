package io.descent.dataset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a dataset's label asks for: a class out of a fixed set, or a number. */
public enum Task {
    CLASSIFICATION, REGRESSION;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Task parse(String value) {
        if (value == null) {
            return null;
        }
        for (Task t : values()) {
            if (t.json().equalsIgnoreCase(value.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("must be 'classification' or 'regression'");
    }
}
