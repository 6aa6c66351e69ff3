package io.descent.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Imports the bundled example datasets at startup, each only if no dataset has its name yet, so that restarts
 * and a user who deleted nothing see each example once. A user who deletes an example gets it back on restart.
 */
@Component
class ExampleDatasets implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ExampleDatasets.class);

    record Example(String name, String label, Task task) {
    }

    static final List<Example> EXAMPLES = List.of(
            new Example("iris", "label", Task.CLASSIFICATION),
            new Example("wine", "label", Task.CLASSIFICATION),
            new Example("diabetes", "target", Task.REGRESSION));

    private final ExamplesProperties properties;
    private final DatasetRepository datasets;
    private final DatasetService service;

    ExampleDatasets(ExamplesProperties properties, DatasetRepository datasets, DatasetService service) {
        this.properties = properties;
        this.datasets = datasets;
        this.service = service;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.enabled()) {
            return;
        }
        for (Example example : EXAMPLES) {
            if (datasets.existsByName(example.name())) {
                continue;
            }
            ClassPathResource resource = new ClassPathResource("examples/" + example.name() + ".csv");
            DatasetView view = service.upload(new CsvSource() {
                @Override
                public String filename() {
                    return resource.getFilename();
                }

                @Override
                public InputStream open() throws IOException {
                    return resource.getInputStream();
                }
            }, example.name(), example.label(), example.task());
            log.info("Imported example dataset {} ({} rows) as {}", view.name(), view.rows(), view.id());
        }
    }
}
