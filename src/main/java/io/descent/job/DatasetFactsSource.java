package io.descent.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetView;
import io.descent.web.ApiException;

/** What spec validation needs to know of a dataset, read from its stored description (not its rows). */
@Component
class DatasetFactsSource {

    private final DatasetCatalog catalog;

    DatasetFactsSource(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    /** The facts, or a 400 naming {@code field} when no dataset has that id. */
    SpecValidator.DatasetFacts factsForField(UUID id, String field) {
        DatasetView d = catalog.lookup(id).orElseThrow(() -> ApiException.invalid(field, "no dataset has the id " + id));
        Map<String, String> types = new LinkedHashMap<>();
        d.features().forEach(f -> types.put(f.name(), f.type()));
        int classes = d.label().classes() == null ? 0 : d.label().classes().size();
        return new SpecValidator.DatasetFacts(d.task(), d.rows(), d.inputSize(), types, d.label().name(), classes);
    }
}
