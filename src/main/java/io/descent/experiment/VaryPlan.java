package io.descent.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.descent.training.TrainingSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pure part of an experiment: which fields may vary, the cartesian product of their values, and how one
 * combination is written into the base spec's JSON. A top-level key replaces the whole field; a dotted path
 * ("optimizer.learningRate", "model.layers.0.units") sets one value inside it and keeps the rest of the base.
 */
final class VaryPlan {

    static final int MAX_COMBINATIONS = 64;

    /** Top-level fields of a TrainingSpec, read from the record so that a field added later can vary at once. */
    static final Set<String> FIELDS = Arrays.stream(TrainingSpec.class.getRecordComponents())
            .map(c -> c.getName()).collect(Collectors.toUnmodifiableSet());

    private VaryPlan() {
    }

    /** Why a path cannot vary, or null when it can. */
    static String problemWithPath(String path) {
        if (path == null || path.isBlank() || Arrays.stream(path.split("\\.", -1)).anyMatch(String::isEmpty)) {
            return "is not a field path; use a TrainingSpec field such as optimizer, or a dotted path such as optimizer.learningRate";
        }
        String top = path.split("\\.")[0];
        if (top.equals("seed")) {
            // The point of an experiment is that the seed, and with it split, batch order and initial weights, is shared.
            return "cannot vary: every job of an experiment runs with the base's seed so that only the varied fields differ; "
                    + "to compare seeds, submit jobs one by one";
        }
        if (!FIELDS.contains(top)) {
            return "is not a field of TrainingSpec; use one of " + FIELDS.stream().filter(f -> !f.equals("seed")).sorted()
                    .collect(Collectors.joining(", "));
        }
        return null;
    }

    /** How many jobs the product makes, saturating instead of overflowing. */
    static long count(Map<String, List<JsonNode>> vary) {
        long n = 1;
        for (List<JsonNode> values : vary.values()) {
            n = Math.min((long) Integer.MAX_VALUE, n * Math.max(values.size(), 0));
        }
        return n;
    }

    /** Every combination, one value per key, in key order with the last key varying fastest. */
    static List<Map<String, JsonNode>> product(Map<String, List<JsonNode>> vary) {
        List<Map<String, JsonNode>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> e : vary.entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> partial : combinations) {
                for (JsonNode value : e.getValue()) {
                    Map<String, JsonNode> c = new LinkedHashMap<>(partial);
                    c.put(e.getKey(), value);
                    next.add(c);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /**
     * A copy of {@code base} with every path of the combination set. Shallow paths go first, so varying both
     * "optimizer" (whole objects) and "optimizer.learningRate" sets the rate inside each optimizer.
     */
    static ObjectNode merge(ObjectNode base, Map<String, JsonNode> combination) {
        ObjectNode out = base.deepCopy();
        combination.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> e.getKey().split("\\.").length))
                .forEach(e -> set(out, e.getKey(), e.getValue()));
        return out;
    }

    /** Sets one path; missing or null objects on the way are created, an array is entered by index. */
    static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = child(node, parts[i], path);
            if (child == null || child.isNull() || child.isMissingNode()) {
                if (!(node instanceof ObjectNode object)) {
                    throw new IllegalArgumentException(path + ": " + parts[i] + " is not an element of the list");
                }
                child = object.putObject(parts[i]);
            } else if (!child.isContainer()) {
                throw new IllegalArgumentException(path + ": " + String.join(".", Arrays.copyOf(parts, i + 1))
                        + " is a value, not an object");
            }
            node = child;
        }
        String last = parts[parts.length - 1];
        JsonNode copy = value == null ? null : value.deepCopy();
        if (node instanceof ObjectNode object) {
            object.set(last, copy);
        } else if (node instanceof ArrayNode array) {
            array.set(index(array, last, path), copy);
        }
    }

    private static JsonNode child(JsonNode node, String name, String path) {
        if (node instanceof ArrayNode array) {
            return array.get(index(array, name, path));
        }
        return node.get(name);
    }

    private static int index(ArrayNode array, String name, String path) {
        try {
            int i = Integer.parseInt(name);
            if (i >= 0 && i < array.size()) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(path + ": '" + name + "' is not an index of a list of " + array.size());
    }

    /**
     * A short legend label for a combination: {@code sgd learningRate=0.1, batchSize=16}. An object with a type
     * shows the type bare, since it names the thing (optimizer, model) better than the key does.
     */
    static String label(Map<String, JsonNode> varied) {
        List<String> parts = new ArrayList<>();
        varied.forEach((key, value) -> {
            if (value != null && value.isObject()) {
                List<String> inner = new ArrayList<>();
                JsonNode type = value.get("type");
                if (type != null && type.isString()) {
                    inner.add(type.stringValue());
                }
                for (Map.Entry<String, JsonNode> p : value.properties()) {
                    if (!p.getKey().equals("type")) {
                        inner.add(p.getKey() + "=" + text(p.getValue()));
                    }
                }
                parts.add(type != null && type.isString() ? String.join(" ", inner)
                        : key + "={" + String.join(" ", inner) + "}");
            } else {
                parts.add(key + "=" + text(value));
            }
        });
        return String.join(", ", parts);
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "default";
        }
        return value.isString() ? value.stringValue() : value.toString();
    }
}
